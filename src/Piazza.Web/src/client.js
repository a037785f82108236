// The IRC connection behind the page: one WebSocket to /ws on the page's own origin (or, after a
// drop, on another node of its cluster: Http:Nodes, learnt from /client.json), CAP negotiation,
// SASL or REGISTER, the rooms' state, history and reconnects. The view reads this state and
// re-renders on change(); nothing here touches the DOM.
import { formatLine, nickOf, parseLine } from './irc/message.js';
import { parsePrefix, prefixChanges, sortSymbols } from './irc/modes.js';
import { stripFormatting } from './irc/format.js';
import { Room, SERVER } from './room.js';
import { handlers } from './handlers.js';

/** The capabilities the client uses, when the server offers them. */
const WANTED = [
  'message-tags', 'server-time', 'echo-message', 'batch', 'draft/chathistory', 'draft/read-marker',
  'away-notify', 'multi-prefix', 'userhost-in-names', 'account-notify', 'extended-join', 'cap-notify',
  'standard-replies', 'invite-notify', 'setname',
];

/** Delays before each round of reconnect attempts, in seconds (the last one repeats). */
const BACKOFF = [1, 2, 4, 8, 15, 30];

/** The page's own server's WebSocket: /ws where the page came from. */
function ownWebSocket() {
  return new URL(`${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`).href;
}

/** host:port of a WebSocket address, for the messages. */
export function hostOf(url) {
  return new URL(url).host;
}

/**
 * The servers to connect through, the page's own first: with the cluster's nodes listed
 * (/client.json's webSockets), they follow in the listed order, starting after the page's own,
 * so every page goes round the cluster the same way.
 */
export function serverOrder(own, listed) {
  const nodes = [];
  for (const entry of Array.isArray(listed) ? listed : []) {
    try {
      const url = new URL(entry);
      if ((url.protocol === 'ws:' || url.protocol === 'wss:') && !nodes.includes(url.href)) {
        nodes.push(url.href);
      }
    } catch {
      // Not an address: skipped.
    }
  }
  const at = nodes.indexOf(own);
  return at < 0 ? [own, ...nodes] : [...nodes.slice(at), ...nodes.slice(0, at)];
}
export const HISTORY_PAGE = 50;
const MAX_LINES = 3000;

export class Client {
  constructor() {
    /** 'idle' (join screen), 'connecting', 'connected', 'reconnecting' or 'disconnected'. */
    this.state = 'idle';
    this.error = '';
    this.nick = '';
    this.account = null;
    /** @type {Map<string, Room>} by lower-case name; SERVER is the server's own messages. */
    this.rooms = new Map([[SERVER, new Room(SERVER, 'server')]]);
    this.active = SERVER;
    this.caps = new Set();
    this.isupport = {};
    this.prefix = parsePrefix('(ov)@+');
    /** The answer to the last LIST (null while it comes), and whether the page shows it. */
    this.channelList = null;
    this.showChannelList = false;
    /** A channel to show as soon as our JOIN of it comes back (typed /join, clicked in LIST). */
    this.pendingSwitch = null;
    this.retryIn = 0;
    /** The WebSocket addresses to go round on reconnecting, the page's own first (serverOrder). */
    this.servers = [ownWebSocket()];
    /** The address of the current connection, or of the next attempt while waiting for it. */
    this.server = this.servers[0];
    /** Connection attempts that failed since the last welcome (a round is one per server). */
    this._failed = 0;
    this._listeners = new Set();
    this._loadServers();
    this._options = null;
    this._registered = false;
  }

  /** Learns the cluster's other nodes from the page's server; without them, it is the only one. */
  async _loadServers() {
    try {
      const response = await fetch('/client.json', { cache: 'no-cache' });
      if (response.ok) {
        const config = await response.json();
        this.servers = serverOrder(this.servers[0], config?.webSockets);
      }
    } catch {
      // An old server, or a network error: the page's own server only.
    }
  }

  subscribe(listener) {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** Tells the view to render again (once for a burst of changes: on the next microtask). */
  changed() {
    if (this._pending) {
      return;
    }
    this._pending = true;
    queueMicrotask(() => {
      this._pending = false;
      for (const listener of this._listeners) {
        listener();
      }
    });
  }

  /** Starts a session: { nick, mode: 'guest'|'login'|'register', password }. */
  connect(options) {
    this._options = options;
    this.nick = options.nick;
    this.error = '';
    this._failed = 0;
    this.server = this.servers[0];
    this._everRegistered = false;
    this._open('connecting');
  }

  /** Ends the session at the user's wish: no reconnect. */
  quit() {
    this._options = null;
    clearTimeout(this._retryTimer);
    if (this.ws) {
      this.send('QUIT', ['Leaving']);
      this.ws.close(1000);
      this.ws = null;
    }
    this.state = 'idle';
    this.rooms = new Map([[SERVER, new Room(SERVER, 'server')]]);
    this.active = SERVER;
    this.changed();
  }

  _open(state) {
    this.state = state;
    this._registered = false;
    this._capsOffered = new Map();
    this.caps = new Set();
    this._batches = new Map();
    this._names = new Map();
    const url = this.server;
    let ws;
    try {
      ws = new WebSocket(url, ['text.ircv3.net']);
    } catch (e) {
      this._closed(`could not open ${url}: ${e.message}`);
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.sendRaw('CAP LS 302');
      this.send('NICK', [this.nick]);
      this.send('USER', [this.nick.slice(0, 10).replace(/[^A-Za-z0-9]/g, '') || 'web', '0', '*', 'Piazza web client']);
    };
    ws.onmessage = event => {
      if (ws !== this.ws || typeof event.data !== 'string') {
        return;
      }
      // One line per frame, but be lenient with a frame that holds several.
      for (const line of event.data.split(/\r?\n/)) {
        if (line) {
          const message = parseLine(line);
          if (message) {
            this._handle(message);
          }
        }
      }
      this.changed();
    };
    ws.onclose = event => {
      if (ws === this.ws) {
        this._closed(event.reason || (!opened ? 'refused or unreachable' : event.code === 1006 ? 'connection lost' : `closed (${event.code})`));
      }
    };
    this.changed();
  }

  _closed(reason) {
    this.ws = null;
    if (!this._options) {
      return;
    }
    const dropped = this._registered;
    this._failed = dropped ? 0 : this._failed + 1;
    const count = this.servers.length;
    const last = this.server;
    // Round robin: the next attempt goes to the node after this one.
    this.server = this.servers[(this.servers.indexOf(last) + 1) % count];
    if (!this._everRegistered) {
      if (this._failed < count) {
        // The first connection, and another node is left to try: skip this one, now.
        this.info(SERVER, `Could not connect to ${hostOf(last)} (${reason}); trying ${hostOf(this.server)}…`);
        this._open('connecting');
        return;
      }
      // The first connection never got in, anywhere: back to the join screen with the reason.
      this.state = 'idle';
      this.error ||= `Could not connect: ${reason}.`;
      this._options = null;
      this.changed();
      return;
    }
    for (const room of this.rooms.values()) {
      room.joined = false;
    }
    if (!dropped && this._failed % count !== 0) {
      // Within a round, the next node at once; the wait comes before each round.
      this.info(SERVER, `Could not reconnect to ${hostOf(last)} (${reason}); trying ${hostOf(this.server)}…`);
      this._open('reconnecting');
      return;
    }
    const delay = BACKOFF[Math.min(this._failed / count, BACKOFF.length - 1)];
    this.state = 'reconnecting';
    this.retryIn = delay;
    this.info(SERVER, `Disconnected (${reason}); reconnecting in ${delay} s…`);
    clearTimeout(this._retryTimer);
    this._retryTimer = setTimeout(() => this._open('reconnecting'), delay * 1000);
    this.changed();
  }

  /** Reconnects now (the user clicked "retry"). */
  retryNow() {
    if (this.state === 'reconnecting' && !this.ws) {
      clearTimeout(this._retryTimer);
      this._open('reconnecting');
    }
  }

  sendRaw(line) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(line.replace(/[\r\n\0]/g, ' '));
      return true;
    }
    return false;
  }

  send(command, params = [], tags = null) {
    return this.sendRaw(formatLine(command, params, tags));
  }

  has(cap) {
    return this.caps.has(cap);
  }

  isChannel(name) {
    return (this.isupport.CHANTYPES ?? '#').includes(name[0]);
  }

  /** Lower-cases as CASEMAPPING=ascii does. */
  key(name) {
    return name.replace(/[A-Z]/g, c => c.toLowerCase());
  }

  isMe(nick) {
    return this.key(nick) === this.key(this.nick);
  }

  room(name, kind) {
    const key = this.key(name);
    let room = this.rooms.get(key);
    if (!room) {
      room = new Room(name, kind ?? (this.isChannel(name) ? 'channel' : 'query'));
      this.rooms.set(key, room);
    }
    return room;
  }

  findRoom(name) {
    return this.rooms.get(this.key(name));
  }

  activeRoom() {
    return this.rooms.get(this.active) ?? this.rooms.get(SERVER);
  }

  /** Adds an informational line to a room (the active one when no room is named). */
  info(roomKey, text, kind = 'info') {
    const room = this.rooms.get(roomKey ?? this.active) ?? this.rooms.get(SERVER);
    room.add({ kind, text, ts: Date.now(), time: new Date().toISOString() }, MAX_LINES);
    this.changed();
  }

  _handle(message) {
    const batchRef = message.tags.batch;
    if (batchRef && this._batches.has(batchRef) && message.command !== 'BATCH') {
      this._batches.get(batchRef).messages.push(message);
      return;
    }
    const handler = handlers[message.command];
    if (handler) {
      handler(this, message);
    } else if (/^[45]\d\d$/.test(message.command)) {
      // An error numeric: its last parameter is the text, what it names comes before.
      const about = message.params.slice(1, -1).join(' ');
      this.info(null, `${about ? about + ': ' : ''}${message.params.at(-1)}`, 'error');
    } else if (/^\d{3}$/.test(message.command)) {
      this.info(SERVER, message.params.slice(1).join(' '));
    }
  }

  // --- called by the handlers -----------------------------------------------------------------

  /** The capabilities were agreed: log in or register if asked, then end CAP. */
  capsDone() {
    const options = this._options;
    if (options?.mode === 'login' && this.has('sasl')) {
      this.sendRaw('AUTHENTICATE PLAIN');
    } else if (options?.mode === 'register' && this._capsOffered.has('draft/account-registration')) {
      this.send('REGISTER', [this.nick, options.email || '*', options.password]);
    } else {
      if (options?.mode !== 'guest' && options) {
        this.error = options.mode === 'login' ? 'This server does not offer logging in (SASL).' : 'This server does not offer registration.';
        this._options = null;
        this.ws?.close();
        return;
      }
      this.sendRaw('CAP END');
    }
  }

  /** Answers the server's 'AUTHENTICATE +' with PLAIN's payload, in chunks of 400. */
  saslPayload() {
    const o = this._options;
    if (!o) {
      return;
    }
    // The account is the name typed on the join screen, whatever nick the server let us have.
    const bytes = new TextEncoder().encode(`\0${o.nick}\0${o.password}`);
    let binary = '';
    bytes.forEach(b => { binary += String.fromCharCode(b); });
    const encoded = btoa(binary);
    for (let i = 0; i < encoded.length; i += 400) {
      this.sendRaw(`AUTHENTICATE ${encoded.slice(i, i + 400)}`);
    }
    if (encoded.length % 400 === 0) {
      this.sendRaw('AUTHENTICATE +');
    }
  }

  /** Login or registration failed before the welcome: back to the join screen with why. */
  failJoin(text) {
    this.error = text;
    this._options = null;
    this.sendRaw('QUIT');
    this.ws?.close();
    this.state = 'idle';
    this.changed();
  }

  /** 001: in. Join the lobby, or the rooms we were in before a reconnect. */
  welcomed(nick) {
    this.nick = nick;
    this._registered = true;
    this._everRegistered = true;
    this._failed = 0;
    this.state = 'connected';
    if (this.servers.length > 1) {
      this.info(SERVER, `Connected to ${hostOf(this.server)}.`);
    }
    this.error = '';
    // After a reconnect the password is no longer needed in memory.
    try {
      localStorage.setItem('piazza.nick', this._options?.nick ?? nick);
    } catch {
      // Storage may be off (private mode); remembering the nick is a nicety.
    }
    // Every channel we were in, not one we were kicked from: rejoining that is the user's call.
    const channels = [...this.rooms.values()].filter(r => r.kind === 'channel' && !r.kicked).map(r => r.name);
    if (channels.length === 0) {
      channels.push('#lobby');
      this.active = this.key('#lobby');
    }
    this.send('JOIN', [channels.join(',')]);
    for (const room of this.rooms.values()) {
      if (room.kind === 'query' && room.messages.length > 0) {
        this.fillGap(room);
      }
    }
  }

  /** We joined a channel: load its history (LATEST the first time, AFTER the last seen after a reconnect). */
  joinedChannel(room) {
    room.joined = true;
    room.kicked = false;
    room.members.clear();
    if (!this.has('draft/chathistory')) {
      return; // The server replays the last messages on join itself.
    }
    this.fillGap(room);
  }

  fillGap(room) {
    if (!this.has('draft/chathistory')) {
      return;
    }
    const last = room.lastMsgid();
    if (last) {
      this.history(room, 'after', `msgid=${last}`, 200);
    } else {
      this.history(room, 'latest', '*', HISTORY_PAGE);
    }
  }

  /** Asks for older messages (scrolling up). */
  loadOlder(room) {
    if (!room || room.kind === 'server' || !room.hasOlder || room.pending.length > 0 || !this.has('draft/chathistory')) {
      return;
    }
    const first = room.firstMsgid();
    if (first) {
      this.history(room, 'before', `msgid=${first}`, HISTORY_PAGE);
    } else {
      this.history(room, 'latest', '*', HISTORY_PAGE);
    }
  }

  history(room, kind, ref, limit) {
    room.pending.push({ kind, limit });
    this.send('CHATHISTORY', [kind.toUpperCase(), room.name, ref, String(limit)]);
    this.changed();
  }

  /** A chathistory batch ended: merge its messages into the room. */
  historyArrived(target, messages) {
    const room = this.findRoom(target) ?? (this.isChannel(target) ? null : this.room(target, 'query'));
    if (!room) {
      return;
    }
    const request = room.pending.shift();
    const lines = [];
    for (const m of messages) {
      const line = this.lineOf(m);
      if (line) {
        lines.push(line);
      }
    }
    room.merge(lines, MAX_LINES, request?.kind !== 'after');
    if (request && request.kind !== 'after' && messages.length < request.limit) {
      room.hasOlder = false;
    }
    if (room.marker === null) {
      // No read marker from the server: history is not news.
      room.marker = room.lastTs();
    }
    if (this.key(room.name) === this.active && document.visibilityState === 'visible') {
      this.markRead(room);
    }
  }

  /** A history request was refused (e.g. a msgid the server no longer has): start over with LATEST. */
  historyFailed(target, code) {
    const room = this.findRoom(target);
    if (!room) {
      return;
    }
    const request = room.pending.shift();
    if (code === 'INVALID_MSGREFTOKEN' && request?.kind === 'after') {
      this.history(room, 'latest', '*', HISTORY_PAGE);
    } else {
      room.hasOlder = false;
    }
  }

  /** A PRIVMSG or NOTICE as a line of a room, or null for CTCP other than ACTION. */
  lineOf(m) {
    if (m.command !== 'PRIVMSG' && m.command !== 'NOTICE') {
      if (m.command === 'TOPIC') {
        return this.event(m, 'topic', `${nickOf(m.source)} set the topic: ${m.params[1] ?? ''}`);
      }
      return null;
    }
    let text = m.params[1] ?? '';
    let kind = m.command === 'NOTICE' ? 'notice' : 'privmsg';
    if (text.startsWith('\x01')) {
      const body = text.replace(/^\x01|\x01$/g, '');
      if (!body.startsWith('ACTION')) {
        return null;
      }
      kind = 'action';
      text = body.slice(6).replace(/^ /, '');
    }
    const from = nickOf(m.source);
    const self = this.isMe(from);
    return {
      kind,
      from,
      text,
      self,
      msgid: m.tags.msgid,
      time: m.tags.time,
      ts: m.tags.time ? Date.parse(m.tags.time) || Date.now() : Date.now(),
      mention: !self && this.mentions(text),
    };
  }

  event(m, kind, text) {
    return {
      kind,
      text,
      from: nickOf(m.source),
      msgid: m.tags.msgid,
      time: m.tags.time,
      ts: m.tags.time ? Date.parse(m.tags.time) || Date.now() : Date.now(),
    };
  }

  /** Whether text names our nick as a word. */
  mentions(text) {
    const plain = stripFormatting(text).toLowerCase();
    const nick = this.key(this.nick);
    let at = plain.indexOf(nick);
    while (at >= 0) {
      const before = at === 0 ? '' : plain[at - 1];
      const after = plain[at + nick.length] ?? '';
      if (!/[\w-]/.test(before) && !/[\w-]/.test(after)) {
        return true;
      }
      at = plain.indexOf(nick, at + 1);
    }
    return false;
  }

  /** A live line arrived in a room: store it, count it, notify when it matters. */
  arrived(room, line) {
    room.add(line, MAX_LINES);
    const key = this.key(room.name);
    const visible = document.visibilityState === 'visible';
    if (key === this.active && visible) {
      this.markReadSoon(room);
    }
    if (!line.self && (line.kind === 'privmsg' || line.kind === 'action' || line.kind === 'notice')
        && (line.mention || room.kind === 'query') && !visible) {
      this.notify(room, line);
    }
  }

  notify(room, line) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') {
      return;
    }
    try {
      const n = new Notification(room.kind === 'query' ? line.from : `${line.from} in ${room.name}`, {
        body: stripFormatting(line.text).slice(0, 200),
        tag: `piazza-${this.key(room.name)}`,
      });
      n.onclick = () => {
        window.focus();
        this.switchTo(this.key(room.name));
        n.close();
      };
    } catch {
      // Some browsers only allow notifications from a service worker; then there are none.
    }
  }

  /** Shows a channel we are in, or joins it and shows it once the server says we are in (the room list's field, LIST). */
  openChannel(name) {
    const existing = this.findRoom(name);
    if (existing?.joined) {
      this.switchTo(this.key(name));
    } else {
      this.pendingSwitch = this.key(name);
      this.send('JOIN', [name]);
    }
  }

  /** Shows a room: its unread lines get a "new messages" line, and it counts as read. */
  switchTo(key) {
    const room = this.rooms.get(key);
    if (!room) {
      return;
    }
    const previous = this.rooms.get(this.active);
    clearTimeout(this._markTimer);
    if (previous) {
      previous.newAfter = null;
      // What was on screen until now was seen: read up to here (a pending markReadSoon is cancelled above).
      if (previous !== room && document.visibilityState === 'visible') {
        this.markRead(previous);
      }
    }
    this.active = key;
    room.newAfter = room.unread() > 0 ? room.marker : null;
    this.markRead(room);
    this.changed();
  }

  /** The tab came back into view: lines that came meanwhile get the "new messages" line, then count as read. */
  becameVisible() {
    const room = this.activeRoom();
    if (room.unread() > 0 && room.newAfter === null) {
      room.newAfter = room.marker;
    }
    this.markRead(room);
    this.changed();
  }

  /** Unread lines in all rooms but the shown one (for the tab's title). */
  unreadElsewhere() {
    let count = 0;
    for (const [key, room] of this.rooms) {
      if (key !== this.active || document.visibilityState !== 'visible') {
        count += room.unread();
      }
    }
    return count;
  }

  markReadSoon(room) {
    clearTimeout(this._markTimer);
    // Only if the room is still in view when the timer fires: lines that came after the user
    // switched away (or hid the tab) stay unread, with their badge and "new messages" line.
    this._markTimer = setTimeout(() => {
      if (this.key(room.name) === this.active && document.visibilityState === 'visible') {
        this.markRead(room);
      }
    }, 500);
  }

  /** Moves the room's read marker to its last line, and tells the server (draft/read-marker). */
  markRead(room) {
    const last = room.lastCounted();
    if (!last || (room.marker !== null && last.ts <= room.marker)) {
      return;
    }
    room.marker = last.ts;
    if (this.has('draft/read-marker') && last.time && room.kind !== 'server') {
      this.send('MARKREAD', [room.name, `timestamp=${last.time}`]);
    }
    this.changed();
  }

  /** Applies the names of a NAMES reply (353 … 366) to a channel. */
  namesDone(channel) {
    const room = this.findRoom(channel);
    const names = this._names.get(this.key(channel)) ?? [];
    this._names.delete(this.key(channel));
    if (!room) {
      return;
    }
    const old = room.members;
    room.members = new Map();
    for (const entry of names) {
      let i = 0;
      while (i < entry.length && this.prefix.symbols.includes(entry[i])) {
        i++;
      }
      const nick = nickOf(entry.slice(i));
      const away = old.get(this.key(nick))?.away ?? false;
      room.members.set(this.key(nick), { nick, prefix: sortSymbols(entry.slice(0, i), this.prefix), away });
    }
  }

  applyModes(room, modes, args) {
    for (const change of prefixChanges(modes, args, this.prefix, this.isupport.CHANMODES)) {
      const member = room.members.get(this.key(change.nick));
      if (member) {
        const symbols = change.add ? member.prefix + change.symbol : member.prefix.replace(change.symbol, '');
        member.prefix = sortSymbols(symbols, this.prefix);
      }
    }
  }

  /** Nicks in the active room that start with a prefix (Tab completion). */
  completions(prefix) {
    const room = this.activeRoom();
    const p = prefix.toLowerCase();
    const nicks = room.kind === 'query' ? [room.name] : [...room.members.values()].map(m => m.nick);
    return nicks.filter(n => n.toLowerCase().startsWith(p) && !this.isMe(n)).sort((a, b) => a.localeCompare(b));
  }
}

export { WANTED };
