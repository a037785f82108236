// One IRC line, parsed and written. Grammar (https://modern.ircdocs.horse/#message-format,
// tags: https://ircv3.net/specs/extensions/message-tags):
//   message = ["@" tags SPACE] [":" source SPACE] command *(SPACE param) [SPACE ":" trailing]
//   tags    = tag *(";" tag);  tag = key ["=" escaped-value]
// The parser never throws: a line it cannot read gives null.

const ESCAPES = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

/** Unescapes a tag value: \: → ;  \s → space  \\ → \  \r \n; an unknown escape drops the backslash. */
export function unescapeTag(value) {
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== '\\') {
      text += c;
    } else if (i + 1 < value.length) {
      const next = value[++i];
      text += ESCAPES[next] ?? next;
    }
    // A trailing lone backslash is dropped, as the spec says.
  }
  return text;
}

/** Escapes a tag value for the wire (the inverse of unescapeTag). */
export function escapeTag(value) {
  return String(value).replace(/[\\; \r\n]/g, c => ({ '\\': '\\\\', ';': '\\:', ' ': '\\s', '\r': '\\r', '\n': '\\n' })[c]);
}

/**
 * Parses one line (without CR LF) into { tags, source, command, params } or null.
 * tags: an object of unescaped values ('' for a tag without value); source: 'nick!user@host' or
 * null; command upper-cased; params: the middle parameters and the trailing one last.
 */
export function parseLine(line) {
  if (typeof line !== 'string') {
    return null;
  }
  let rest = line.replace(/[\r\n]+$/, '');
  const tags = {};
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    if (space < 0) {
      return null;
    }
    for (const tag of rest.slice(1, space).split(';')) {
      if (tag === '') {
        continue;
      }
      const eq = tag.indexOf('=');
      if (eq < 0) {
        tags[tag] = '';
      } else {
        tags[tag.slice(0, eq)] = unescapeTag(tag.slice(eq + 1));
      }
    }
    rest = rest.slice(space + 1).replace(/^ +/, '');
  }
  let source = null;
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    if (space < 0) {
      return null;
    }
    source = rest.slice(1, space);
    rest = rest.slice(space + 1).replace(/^ +/, '');
  }
  const params = [];
  let command = null;
  while (rest.length > 0) {
    if (command !== null && rest.startsWith(':')) {
      params.push(rest.slice(1));
      break;
    }
    const space = rest.indexOf(' ');
    const word = space < 0 ? rest : rest.slice(0, space);
    rest = space < 0 ? '' : rest.slice(space + 1).replace(/^ +/, '');
    if (command === null) {
      command = word.toUpperCase();
    } else {
      params.push(word);
    }
  }
  if (!command) {
    return null;
  }
  return { tags, source, command, params };
}

/** The nick of a source 'nick!user@host' (or the whole source when it is a server name). */
export function nickOf(source) {
  if (!source) {
    return '';
  }
  const bang = source.indexOf('!');
  return bang < 0 ? source : source.slice(0, bang);
}

/**
 * Writes a line: command and params, with optional tags. The last parameter is sent as a trailing
 * one (after ':') when it is empty, holds a space or starts with ':'; CR, LF and NUL, which would
 * split or end the line, are replaced by spaces so nothing a user types can smuggle in a command.
 */
export function formatLine(command, params = [], tags = null) {
  const clean = p => String(p).replace(/[\r\n\0]/g, ' ');
  let line = '';
  if (tags && Object.keys(tags).length > 0) {
    line += '@' + Object.entries(tags).map(([k, v]) => (v === '' || v === true ? k : `${k}=${escapeTag(v)}`)).join(';') + ' ';
  }
  line += command;
  params.forEach((p, i) => {
    const value = clean(p);
    const last = i === params.length - 1;
    if (last && (value === '' || value.includes(' ') || value.startsWith(':'))) {
      line += ' :' + value;
    } else {
      line += ' ' + value.replace(/ /g, '');
    }
  });
  return line;
}

/**
 * Splits text into pieces of at most maxBytes UTF-8 bytes, at a space when there is one in the
 * second half of a piece, never inside a character: a line the user types may be longer than
 * one IRC line (512 bytes with the command and target), which the server would refuse (417).
 */
export function splitText(text, maxBytes) {
  const encoder = new TextEncoder();
  const pieces = [];
  let rest = text;
  while (encoder.encode(rest).length > maxBytes) {
    // The longest prefix of whole characters (code points) that fits.
    let end = 0;
    let bytes = 0;
    for (const ch of rest) {
      const size = encoder.encode(ch).length;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += ch.length;
    }
    const space = rest.lastIndexOf(' ', end);
    const cut = space > end / 2 ? space : end;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest.length > 0 || pieces.length === 0) {
    pieces.push(rest);
  }
  return pieces;
}
