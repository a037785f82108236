// One conversation shown in the page: a channel, a private conversation (query), or the server's
// own messages. Lines are kept in the server's order, each msgid once, so history and live lines
// can overlap (LATEST, BEFORE, AFTER after a reconnect) without duplicates.

/** The key of the server's pseudo-room (not a valid channel or nick, so it never collides). */
export const SERVER = '*';

const COUNTED = new Set(['privmsg', 'action', 'notice']);

/** A key for each line the page shows (msgids are not on every line: joins, infos). */
let nextKey = 1;

export class Room {
  constructor(name, kind) {
    this.name = name;
    /** 'channel', 'query' or 'server'. */
    this.kind = kind;
    this.messages = [];
    /** @type {Map<string, {nick: string, prefix: string, away: boolean}>} by lower-case nick. */
    this.members = new Map();
    this.topic = '';
    this.joined = false;
    /** Kicked out, and not joined again since: a reconnect leaves it alone (joining it again is the user's call). */
    this.kicked = false;
    /** Whether older history may exist on the server. */
    this.hasOlder = kind !== 'server';
    /** History requests sent and not yet answered, oldest first. */
    this.pending = [];
    /** The time (ms) of the last line read, from draft/read-marker or this page; null when unknown. */
    this.marker = null;
    /** While shown: the marker when it was opened, so the "new messages" line stays put. */
    this.newAfter = null;
    this._ids = new Set();
  }

  /** Adds a live line at the end: the server's order is the order of the conversation. */
  add(line, max) {
    if (line.msgid && this._ids.has(line.msgid)) {
      return;
    }
    if (line.msgid) {
      this._ids.add(line.msgid);
    }
    line.key = nextKey++;
    this.messages.push(line);
    this._trim(max);
  }

  /**
   * Merges a history batch (oldest first, in the server's order) into the room, skipping msgids
   * already there: older history (LATEST, BEFORE) goes before the room's lines, later history
   * (AFTER, the gap after a reconnect) after them. Times are not sorted on: lines said in the same
   * millisecond, or stamped on different threads, keep the order the server stored them in.
   */
  merge(lines, max, older) {
    const fresh = lines.filter(l => !(l.msgid && this._ids.has(l.msgid)));
    if (fresh.length === 0) {
      return;
    }
    for (const l of fresh) {
      if (l.msgid) {
        this._ids.add(l.msgid);
      }
      l.key = nextKey++;
    }
    this.messages = older ? [...fresh, ...this.messages] : [...this.messages, ...fresh];
    this._trim(max);
  }

  _trim(max) {
    if (this.messages.length > max) {
      for (const dropped of this.messages.splice(0, this.messages.length - max)) {
        this._ids.delete(dropped.msgid);
      }
      this.hasOlder = this.kind !== 'server';
    }
  }

  firstMsgid() {
    return this.messages.find(m => m.msgid)?.msgid ?? null;
  }

  lastMsgid() {
    return this.messages.findLast(m => m.msgid)?.msgid ?? null;
  }

  lastTs() {
    return this.messages.at(-1)?.ts ?? 0;
  }

  /** The last line that counts as something to read (a message, not a join). */
  lastCounted() {
    return this.messages.findLast(m => COUNTED.has(m.kind) && m.time) ?? this.messages.findLast(m => COUNTED.has(m.kind)) ?? null;
  }

  /** Lines from others after the read marker. */
  unreadLines() {
    const marker = this.marker ?? Number.POSITIVE_INFINITY;
    const lines = [];
    for (let i = this.messages.length - 1; i >= 0 && this.messages[i].ts > marker; i--) {
      const m = this.messages[i];
      if (COUNTED.has(m.kind) && !m.self) {
        lines.push(m);
      }
    }
    return lines;
  }

  unread() {
    return this.unreadLines().length;
  }

  mentioned() {
    return this.unreadLines().some(m => m.mention || this.kind === 'query');
  }
}
