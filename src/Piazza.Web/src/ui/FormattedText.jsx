// IRC-formatted text as spans (and http/https links as anchors). Text only ever goes in as text
// nodes: Preact escapes it; no innerHTML anywhere in the client.
import { cssColour, findLinks, parseFormatting } from '../irc/format.js';

export function FormattedText({ text, links = true }) {
  const runs = parseFormatting(text ?? '');
  return runs.map((run, i) => {
    const classes = [];
    if (run.bold) classes.push('b');
    if (run.italic) classes.push('i');
    if (run.underline) classes.push('u');
    if (run.strike) classes.push('s');
    if (run.mono) classes.push('m');
    let fg = cssColour(run.fg);
    let bg = cssColour(run.bg);
    if (run.reverse) {
      [fg, bg] = [bg ?? 'var(--bg)', fg ?? 'var(--fg)'];
    }
    const style = fg || bg ? { color: fg ?? undefined, backgroundColor: bg ?? undefined } : undefined;
    const content = links
      ? findLinks(run.text).map((piece, j) => (piece.href
        ? <a key={j} href={piece.href} target="_blank" rel="noopener noreferrer">{piece.text}</a>
        : piece.text))
      : run.text;
    return classes.length || style
      ? <span key={i} class={classes.join(' ') || undefined} style={style}>{content}</span>
      : content;
  });
}
