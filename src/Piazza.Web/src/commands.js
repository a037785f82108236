// What the composer sends: text to the shown room, or a /command. The common commands get
// their IRC shape here; any other /command goes to the server as a raw IRC line
// ("/whois bob" sends "WHOIS bob"), so everything the server knows is reachable.
import { splitText } from './irc/message.js';

/**
 * The text bytes one PRIVMSG may carry to a target: the line is at most 512 bytes, and the
 * server adds our nick!user@host (up to about 100 bytes) when it relays it, cutting what does
 * not fit; so a long line is sent as several.
 */
const textBytes = target => 400 - new TextEncoder().encode(target).length;

/** Sends text to a target as PRIVMSGs, split to fit; false when not connected. */
export function sendText(c, target, text, action = false) {
  const pieces = splitText(text, textBytes(target) - (action ? 9 : 0));
  return pieces.every(piece => c.send('PRIVMSG', [target, action ? `\x01ACTION ${piece}\x01` : piece]));
}

/** Sends one line typed by the user in the active room. Returns an error text or ''. */
export function runInput(c, text) {
  const room = c.activeRoom();
  if (!text.startsWith('/') || text.startsWith('//')) {
    return say(c, room, text.startsWith('//') ? text.slice(1) : text);
  }
  const space = text.indexOf(' ');
  const name = (space < 0 ? text.slice(1) : text.slice(1, space)).toLowerCase();
  const rest = space < 0 ? '' : text.slice(space + 1);
  const words = rest.split(' ').filter(Boolean);
  switch (name) {
    case 'me':
      if (room.kind === 'server') {
        return 'Open a room first.';
      }
      sendText(c, room.name, rest, true);
      return '';
    case 'join':
    case 'j': {
      if (words.length === 0) {
        return 'Usage: /join #room';
      }
      const names = words[0].split(',').map(n => (c.isChannel(n) ? n : `#${n}`));
      c.send('JOIN', [names.join(','), ...words.slice(1)]);
      c.pendingSwitch = c.key(names[0]);
      return '';
    }
    case 'part':
    case 'leave':
      if (room.kind === 'query') {
        closeQuery(c, room);
        return '';
      }
      if (room.kind !== 'channel') {
        return 'This is not a room.';
      }
      c.send('PART', rest ? [room.name, rest] : [room.name]);
      return '';
    case 'close':
      if (room.kind === 'query') {
        closeQuery(c, room);
        return '';
      }
      return runInput(c, '/part');
    case 'topic':
      if (room.kind !== 'channel') {
        return 'Topics belong to rooms.';
      }
      c.send('TOPIC', rest ? [room.name, rest] : [room.name]);
      return '';
    case 'nick':
      if (words.length !== 1) {
        return 'Usage: /nick newnick';
      }
      c.send('NICK', [words[0]]);
      return '';
    case 'msg':
    case 'query':
    case 'q': {
      if (words.length === 0) {
        return `Usage: /${name} nick [text]`;
      }
      const target = words[0];
      const message = rest.slice(rest.indexOf(target) + target.length).replace(/^ /, '');
      if (!c.isChannel(target)) {
        openQuery(c, target);
      }
      if (message) {
        sendText(c, target, message);
      }
      return '';
    }
    case 'notice':
      if (words.length < 2) {
        return 'Usage: /notice target text';
      }
      c.send('NOTICE', [words[0], rest.slice(rest.indexOf(words[0]) + words[0].length + 1)]);
      return '';
    case 'list':
      c.send('LIST', words);
      c.showChannelList = true;
      c.changed();
      return '';
    case 'away':
      c.send('AWAY', rest ? [rest] : []);
      return '';
    case 'back':
      c.send('AWAY', []);
      return '';
    case 'quote':
    case 'raw':
      c.sendRaw(rest);
      return '';
    case 'quit':
      c.quit();
      return '';
    default:
      // Any other command as IRC: "/whois bob" → "WHOIS bob", "/cs register #x" → "CS register #x".
      c.sendRaw(`${name.toUpperCase()}${rest ? ' ' + rest : ''}`);
      return '';
  }
}

function say(c, room, text) {
  if (room.kind === 'server') {
    return 'This is the server\'s window: open a room to talk, or use /commands.';
  }
  if (!sendText(c, room.name, text)) {
    return 'Not connected: the line was not sent.';
  }
  return '';
}

/** Opens (or shows) a private conversation with a nick. */
export function openQuery(c, nick) {
  if (c.isMe(nick)) {
    return;
  }
  let room = c.findRoom(nick);
  if (!room) {
    room = c.room(nick, 'query');
    room.marker = 0;
    if (c.has('draft/chathistory') && c.account) {
      c.history(room, 'latest', '*', 50);
    }
  }
  c.switchTo(c.key(room.name));
}

function closeQuery(c, room) {
  c.rooms.delete(c.key(room.name));
  c.switchTo(c.rooms.has(c.key('#lobby')) ? c.key('#lobby') : '*');
}
