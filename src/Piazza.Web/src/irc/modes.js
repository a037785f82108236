// Reads a channel MODE change into per-nick prefix changes, using the server's ISUPPORT:
// PREFIX=(ov)@+ names the modes that give a prefix; CHANMODES=A,B,C,D says which modes take a
// parameter (A and B always, C only when set, D never). https://modern.ircdocs.horse/#mode-message

/** Parses '(ov)@+' into { modes: 'ov', symbols: '@+' }; the default when absent or bad. */
export function parsePrefix(value) {
  const m = /^\(([^)]*)\)(.*)$/.exec(value ?? '');
  return m && m[1].length === m[2].length ? { modes: m[1], symbols: m[2] } : { modes: 'ov', symbols: '@+' };
}

/**
 * The prefix changes in a MODE: [{ nick, symbol, add }] for each prefix mode, skipping the
 * parameters of the other modes so the nicks line up.
 */
export function prefixChanges(modeString, args, prefix, chanModes) {
  const [a = '', b = '', c = ''] = (chanModes ?? 'Ibe,k,l,Cimnst').split(',');
  const changes = [];
  let add = true;
  let next = 0;
  for (const ch of modeString ?? '') {
    if (ch === '+' || ch === '-') {
      add = ch === '+';
      continue;
    }
    const index = prefix.modes.indexOf(ch);
    if (index >= 0) {
      const nick = args[next++];
      if (nick !== undefined) {
        changes.push({ nick, symbol: prefix.symbols[index], add });
      }
    } else if (a.includes(ch) || b.includes(ch) || (add && c.includes(ch))) {
      next++;
    }
  }
  return changes;
}

/** Orders a member's symbols by rank ('+@' → '@+'), as PREFIX lists them. */
export function sortSymbols(symbols, prefix) {
  return [...new Set(symbols)].sort((x, y) => prefix.symbols.indexOf(x) - prefix.symbols.indexOf(y)).join('');
}
