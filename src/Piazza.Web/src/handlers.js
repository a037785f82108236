// What the client does with each command or numeric the server sends, one function per line
// type (https://modern.ircdocs.horse/ for the numerics, ircv3.net for CAP, BATCH, MARKREAD).
import { nickOf } from './irc/message.js';
import { parsePrefix } from './irc/modes.js';
import { SERVER } from './room.js';
import { WANTED } from './client.js';

/** Whether a NOTICE or PRIVMSG came from the server itself (no nick!user@host). */
const fromServer = m => !m.source || !m.source.includes('!');

/** @type {Record<string, (c: import('./client.js').Client, m: any) => void>} */
export const handlers = {
  PING(c, m) {
    c.send('PONG', m.params);
  },

  CAP(c, m) {
    const sub = (m.params[1] ?? '').toUpperCase();
    const more = m.params[2] === '*';
    const list = m.params.at(-1) ?? '';
    if (sub === 'LS' || sub === 'NEW') {
      for (const item of list.split(' ').filter(Boolean)) {
        const eq = item.indexOf('=');
        c._capsOffered.set(eq < 0 ? item : item.slice(0, eq), eq < 0 ? '' : item.slice(eq + 1));
      }
      if (!more) {
        const want = WANTED.filter(cap => c._capsOffered.has(cap) && !c.caps.has(cap));
        if (c._options?.mode === 'login' && c._capsOffered.has('sasl') && !c._registered) {
          want.push('sasl');
        }
        if (want.length > 0) {
          c.send('CAP', ['REQ', want.join(' ')]);
        } else if (sub === 'LS') {
          c.capsDone();
        }
      }
    } else if (sub === 'ACK') {
      for (const cap of list.split(' ').filter(Boolean)) {
        if (cap.startsWith('-')) {
          c.caps.delete(cap.slice(1));
        } else {
          c.caps.add(cap);
        }
      }
      if (!c._registered) {
        c.capsDone();
      }
    } else if (sub === 'NAK') {
      if (!c._registered) {
        c.capsDone();
      }
    } else if (sub === 'DEL') {
      for (const cap of list.split(' ')) {
        c.caps.delete(cap);
      }
    }
  },

  AUTHENTICATE(c, m) {
    if (m.params[0] === '+') {
      c.saslPayload();
    }
  },

  // 900 logged in, 903 SASL done, 904/905 failed, 906 aborted, 907 already.
  900(c, m) {
    c.account = m.params[2] ?? null;
  },
  903(c) {
    if (!c._registered) {
      c.sendRaw('CAP END');
    }
  },
  904(c, m) {
    if (!c._registered) {
      c.failJoin(/try again/.test(m.params.at(-1)) ? `Login refused: ${m.params.at(-1)}` : 'Login failed: wrong nickname or password.');
    }
  },
  905(c) {
    handlers[904](c, { params: ['', 'failed'] });
  },

  REGISTER(c, m) {
    if (m.params[0] === 'SUCCESS') {
      c.account = m.params[1];
      if (c._options) {
        // Registered once: a reconnect logs in to the account, it does not register it again.
        c._options = { ...c._options, mode: 'login' };
      }
      if (!c._registered) {
        c.sendRaw('CAP END');
      }
    }
  },

  FAIL(c, m) {
    const [command, code] = m.params;
    const text = m.params.at(-1);
    if (command === 'REGISTER' && !c._registered) {
      const why = {
        ACCOUNT_EXISTS: 'That nickname is already registered: log in instead, or pick another.',
        WEAK_PASSWORD: `The password is too weak: ${text}`,
        DISALLOWED: 'This server does not let anyone register.',
      }[code] ?? `Registration failed: ${text}`;
      c.failJoin(why);
      return;
    }
    if (command === 'CHATHISTORY') {
      c.historyFailed(m.params[3] ?? m.params[2] ?? '', code);
      if (code === 'INVALID_MSGREFTOKEN') {
        return;
      }
    }
    c.info(null, `${command}: ${text}`, 'error');
  },

  '001'(c, m) {
    c.welcomed(m.params[0]);
    c.info(SERVER, m.params.at(-1));
  },

  '005'(c, m) {
    for (const token of m.params.slice(1, -1)) {
      const eq = token.indexOf('=');
      const key = eq < 0 ? token : token.slice(0, eq);
      c.isupport[key] = eq < 0 ? '' : token.slice(eq + 1);
    }
    c.prefix = parsePrefix(c.isupport.PREFIX);
  },

  // Nick in use / erroneous / registered: before the welcome the join screen shows why.
  433(c, m) {
    const nick = m.params[1];
    if (!c._registered) {
      // After a reconnect our old connection may still hold the nick, and a login is to the
      // account whatever the nick (another device may use it): take the nick with a _ for now.
      if ((c.state === 'reconnecting' || c._options?.mode === 'login') && c.nick.length < 28) {
        c.nick = `${c.nick}_`;
        c.send('NICK', [c.nick]);
        return;
      }
      c.failJoin(`The nickname ${nick} is in use: pick another.`);
      return;
    }
    c.info(null, `The nickname ${nick} is in use.`, 'error');
  },
  432(c, m) {
    if (!c._registered) {
      c.failJoin(`${m.params[1]} is not a valid nickname: ${m.params.at(-1)}`);
      return;
    }
    c.info(null, `${m.params[1]}: ${m.params.at(-1)}`, 'error');
  },

  ERROR(c, m) {
    if (!c._registered && c._options) {
      c.error = m.params[0] ?? 'the server closed the connection';
    }
    c.info(SERVER, m.params[0] ?? '', 'error');
  },

  BATCH(c, m) {
    const ref = m.params[0] ?? '';
    if (ref.startsWith('+')) {
      c._batches.set(ref.slice(1), { type: m.params[1], params: m.params.slice(2), messages: [] });
    } else if (ref.startsWith('-')) {
      const batch = c._batches.get(ref.slice(1));
      c._batches.delete(ref.slice(1));
      if (batch?.type === 'chathistory') {
        c.historyArrived(batch.params[0] ?? '', batch.messages);
      } else if (batch) {
        for (const inner of batch.messages) {
          c._handle({ ...inner, tags: { ...inner.tags, batch: undefined } });
        }
      }
    }
  },

  PRIVMSG(c, m) {
    message(c, m);
  },
  NOTICE(c, m) {
    message(c, m);
  },

  JOIN(c, m) {
    const nick = nickOf(m.source);
    const room = c.room(m.params[0], 'channel');
    if (c.isMe(nick)) {
      c.joinedChannel(room);
      if (c.pendingSwitch === c.key(room.name) || (c.key(room.name) === c.key('#lobby') && c.active === SERVER)) {
        c.pendingSwitch = null;
        c.switchTo(c.key(room.name));
      }
      return;
    }
    room.members.set(c.key(nick), { nick, prefix: '', away: false });
    c.arrived(room, c.event(m, 'join', `${nick} joined`));
  },

  PART(c, m) {
    const nick = nickOf(m.source);
    const room = c.findRoom(m.params[0]);
    if (!room) {
      return;
    }
    if (c.isMe(nick)) {
      // Leaving closes the room in the page.
      c.rooms.delete(c.key(room.name));
      if (c.active === c.key(room.name)) {
        c.switchTo(c.rooms.has(c.key('#lobby')) ? c.key('#lobby') : SERVER);
      }
      return;
    }
    room.members.delete(c.key(nick));
    c.arrived(room, c.event(m, 'part', `${nick} left${m.params[1] ? ` (${m.params[1]})` : ''}`));
  },

  KICK(c, m) {
    const room = c.findRoom(m.params[0]);
    const victim = m.params[1] ?? '';
    if (!room) {
      return;
    }
    room.members.delete(c.key(victim));
    c.arrived(room, c.event(m, 'kick', `${nickOf(m.source)} kicked ${victim}${m.params[2] ? ` (${m.params[2]})` : ''}`));
    if (c.isMe(victim)) {
      room.joined = false;
      room.kicked = true;
    }
  },

  QUIT(c, m) {
    const nick = nickOf(m.source);
    for (const room of c.rooms.values()) {
      if (room.members.delete(c.key(nick))) {
        c.arrived(room, c.event(m, 'quit', `${nick} quit${m.params[0] ? ` (${m.params[0]})` : ''}`));
      }
    }
  },

  NICK(c, m) {
    const old = nickOf(m.source);
    const nick = m.params[0];
    if (c.isMe(old)) {
      c.nick = nick;
    }
    for (const room of c.rooms.values()) {
      const member = room.members.get(c.key(old));
      if (member) {
        room.members.delete(c.key(old));
        room.members.set(c.key(nick), { ...member, nick });
        c.arrived(room, c.event(m, 'nick', `${old} is now ${nick}`));
      }
    }
    const query = c.findRoom(old);
    if (query?.kind === 'query' && !c.findRoom(nick)) {
      c.rooms.delete(c.key(old));
      query.name = nick;
      c.rooms.set(c.key(nick), query);
      if (c.active === c.key(old)) {
        c.active = c.key(nick);
      }
    }
  },

  AWAY(c, m) {
    const nick = nickOf(m.source);
    for (const room of c.rooms.values()) {
      const member = room.members.get(c.key(nick));
      if (member) {
        member.away = m.params.length > 0;
      }
    }
  },

  MODE(c, m) {
    const room = c.findRoom(m.params[0]);
    if (!room || room.kind !== 'channel') {
      return;
    }
    c.applyModes(room, m.params[1], m.params.slice(2));
    c.arrived(room, c.event(m, 'mode', `${nickOf(m.source)} set mode ${m.params.slice(1).join(' ')}`));
  },

  TOPIC(c, m) {
    const room = c.findRoom(m.params[0]);
    if (!room) {
      return;
    }
    room.topic = m.params[1] ?? '';
    c.arrived(room, c.event(m, 'topic', `${nickOf(m.source)} set the topic: ${room.topic}`));
  },
  332(c, m) {
    const room = c.findRoom(m.params[1]);
    if (room) {
      room.topic = m.params[2] ?? '';
    }
  },
  331(c, m) {
    const room = c.findRoom(m.params[1]);
    if (room) {
      room.topic = '';
    }
  },
  333() {},

  353(c, m) {
    const channel = m.params[2];
    const key = c.key(channel);
    const names = c._names.get(key) ?? [];
    names.push(...(m.params[3] ?? '').split(' ').filter(Boolean));
    c._names.set(key, names);
  },
  366(c, m) {
    c.namesDone(m.params[1]);
    // Away status is not in NAMES: ask WHO once (flags H here, G away).
    if (c.findRoom(m.params[1])) {
      c.send('WHO', [m.params[1]]);
    }
  },
  352(c, m) {
    const room = c.findRoom(m.params[1]);
    const member = room?.members.get(c.key(m.params[5] ?? ''));
    if (member) {
      member.away = (m.params[6] ?? '').startsWith('G');
    }
  },
  315() {},

  MARKREAD(c, m) {
    const room = c.findRoom(m.params[0]);
    const value = m.params[1] ?? '*';
    if (!room || !value.startsWith('timestamp=')) {
      return;
    }
    const ts = Date.parse(value.slice('timestamp='.length));
    if (!Number.isNaN(ts) && (room.marker === null || ts > room.marker)) {
      room.marker = ts;
    }
  },

  321(c) {
    c.channelList = [];
  },
  322(c, m) {
    (c.channelList ??= []).push({ name: m.params[1], users: Number(m.params[2]) || 0, topic: m.params[3] ?? '' });
  },
  323(c) {
    c.channelList = [...(c.channelList ?? [])].sort((a, b) => b.users - a.users || a.name.localeCompare(b.name));
  },

  // The welcome burst and MOTD go to the server room.
  372(c, m) {
    c.info(SERVER, m.params.at(-1));
  },
  // Numerics shown nowhere: they answer our own bookkeeping.
  '002': serverText, '003': serverText, '004'() {}, 375() {}, 376() {}, 422() {},
  251: serverText, 252() {}, 254() {}, 255() {}, 265() {}, 266() {},
  // WHOIS and other answers go to the room the user is looking at.
  311: activeText, 312: activeText, 317: activeText, 318() {}, 319: activeText, 330: activeText,
  301(c, m) {
    c.info(null, `${m.params[1]} is away: ${m.params.at(-1)}`);
  },
  305: activeText, 306: activeText, 381: activeText, 341: activeText,
  INVITE(c, m) {
    c.info(null, `${nickOf(m.source)} invites you to ${m.params[1]}`);
  },
  ACCOUNT() {},
  SETNAME() {},
  CHGHOST() {},
  TAGMSG() {},
  PONG() {},
};

function serverText(c, m) {
  c.info(SERVER, m.params.slice(1).join(' '));
}

function activeText(c, m) {
  c.info(null, m.params.slice(1).join(' '));
}

function message(c, m) {
  const target = m.params[0] ?? '';
  if (fromServer(m) || target === '*') {
    // Server notices (e.g. "alice is a registered nick: log in …") matter now: show them where the user looks.
    c.info(c._registered ? null : SERVER, m.params.at(-1) ?? '', 'notice');
    return;
  }
  const line = c.lineOf(m);
  if (!line) {
    return;
  }
  let room;
  if (c.isChannel(target.replace(/^[@+]+/, ''))) {
    room = c.findRoom(target.replace(/^[@+]+/, ''));
    if (!room) {
      return;
    }
  } else {
    // A private message: the conversation is named by the other side.
    const other = line.self ? target : line.from;
    room = c.findRoom(other);
    if (!room) {
      room = c.room(other, 'query');
      room.marker = 0;
      if (c.has('draft/chathistory') && c.account) {
        c.history(room, 'latest', '*', 50);
      }
    }
  }
  c.arrived(room, line);
}
