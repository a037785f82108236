// IRC formatting (https://modern.ircdocs.horse/formatting) read into styled runs, and links found
// in plain text. The result is data; the view turns it into spans and anchors with text content
// only, so nothing a stranger sends ever becomes markup.
//   \x02 bold  \x1D italic  \x1F underline  \x1E strikethrough  \x11 monospace  \x16 reverse
//   \x03[fg[,bg]] colour (1-2 digits each)  \x04[RRGGBB[,RRGGBB]] hex colour  \x0F reset

const COLOUR = /^(\d{1,2})(?:,(\d{1,2}))?/;
const HEX = /^([0-9a-fA-F]{6})(?:,([0-9a-fA-F]{6}))?/;

/** Splits text into runs: { text, bold, italic, underline, strike, mono, reverse, fg, bg }. */
export function parseFormatting(text) {
  const runs = [];
  let style = {};
  let current = '';
  const flush = () => {
    if (current) {
      runs.push({ ...style, text: current });
      current = '';
    }
  };
  const toggle = key => {
    flush();
    style = { ...style, [key]: !style[key] };
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    switch (c) {
      case '\x02': toggle('bold'); break;
      case '\x1D': toggle('italic'); break;
      case '\x1F': toggle('underline'); break;
      case '\x1E': toggle('strike'); break;
      case '\x11': toggle('mono'); break;
      case '\x16': toggle('reverse'); break;
      case '\x0F': flush(); style = {}; break;
      case '\x03': {
        flush();
        const m = COLOUR.exec(text.slice(i + 1, i + 6));
        style = { ...style };
        if (!m) {
          delete style.fg;
          delete style.bg;
        } else {
          style.fg = Number(m[1]);
          if (m[2] !== undefined) {
            style.bg = Number(m[2]);
          }
          i += m[0].length;
        }
        break;
      }
      case '\x04': {
        flush();
        const m = HEX.exec(text.slice(i + 1, i + 14));
        style = { ...style };
        if (!m) {
          delete style.fg;
          delete style.bg;
        } else {
          style.fg = '#' + m[1];
          if (m[2] !== undefined) {
            style.bg = '#' + m[2];
          }
          i += m[0].length;
        }
        break;
      }
      default:
        // Other C0 controls (CTCP's \x01 among them) are not shown.
        if (c < ' ' && c !== '\t') {
          break;
        }
        current += c;
    }
  }
  flush();
  return runs;
}

/** Removes every formatting code (for notifications, mentions, the topic's title). */
export function stripFormatting(text) {
  return parseFormatting(text).map(r => r.text).join('');
}

// http and https only: javascript:, data: and the rest stay text.
const LINK = /\bhttps?:\/\/[^\s<>"']+/gi;

/** Splits text into pieces { text, href? } where href is an http(s) link. */
export function findLinks(text) {
  const pieces = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    let url = m[0];
    // Punctuation that ends a sentence is not part of the link.
    const trail = /[.,;:!?)\]}]+$/.exec(url);
    if (trail && !(trail[0].startsWith(')') && url.includes('('))) {
      url = url.slice(0, url.length - trail[0].length);
    }
    if (m.index > last) {
      pieces.push({ text: text.slice(last, m.index) });
    }
    pieces.push({ text: url, href: url });
    last = m.index + url.length;
  }
  if (last < text.length) {
    pieces.push({ text: text.slice(last) });
  }
  return pieces;
}

/** The 99 colours of https://modern.ircdocs.horse/formatting#colors (0-15 and the extended ones). */
export const PALETTE = [
  '#ffffff', '#000000', '#00007f', '#009300', '#ff0000', '#7f0000', '#9c009c', '#fc7f00',
  '#ffff00', '#00fc00', '#009393', '#00ffff', '#0000fc', '#ff00ff', '#7f7f7f', '#d2d2d2',
  '#470000', '#472100', '#474700', '#324700', '#004700', '#00472c', '#004747', '#002747', '#000047', '#2e0047', '#470047', '#47002a',
  '#740000', '#743a00', '#747400', '#517400', '#007400', '#007449', '#007474', '#004074', '#000074', '#4b0074', '#740074', '#740045',
  '#b50000', '#b56300', '#b5b500', '#7db500', '#00b500', '#00b571', '#00b5b5', '#0063b5', '#0000b5', '#7500b5', '#b500b5', '#b5006b',
  '#ff0000', '#ff8c00', '#ffff00', '#b2ff00', '#00ff00', '#00ffa0', '#00ffff', '#008cff', '#0000ff', '#a500ff', '#ff00ff', '#ff0098',
  '#ff5959', '#ffb459', '#ffff71', '#cfff60', '#6fff6f', '#65ffc9', '#6dffff', '#59b4ff', '#5959ff', '#c459ff', '#ff66ff', '#ff59bc',
  '#ff9c9c', '#ffd39c', '#ffff9c', '#e2ff9c', '#9cff9c', '#9cffdb', '#9cffff', '#9cd3ff', '#9c9cff', '#dc9cff', '#ff9cff', '#ff94d3',
  '#000000', '#131313', '#282828', '#363636', '#4d4d4d', '#656565', '#818181', '#9f9f9f', '#bcbcbc', '#e2e2e2', '#ffffff',
];

/** A colour number or hex string as CSS, or null for 99 (default) and out-of-range numbers. */
export function cssColour(c) {
  if (typeof c === 'string') {
    return c;
  }
  return Number.isInteger(c) && c >= 0 && c < PALETTE.length ? PALETTE[c] : null;
}
