// The lines of the shown room. Sticks to the bottom while the reader is there; scrolling to the
// top asks for older history (CHATHISTORY BEFORE) and keeps the view where it was when it comes.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { FormattedText } from './FormattedText.jsx';
import { openQuery } from '../commands.js';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function MessageList({ client, room }) {
  const scroller = useRef(null);
  const view = useRef({ room: null, atBottom: true, fromBottom: 0, first: null });
  const first = room.messages[0];

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) {
      return;
    }
    const v = view.current;
    if (v.room !== room) {
      el.scrollTop = el.scrollHeight;
      v.room = room;
    } else if (v.first !== first && !v.atBottom) {
      // Older lines came in above: keep the same lines in view.
      el.scrollTop = el.scrollHeight - v.fromBottom;
    } else if (v.atBottom) {
      el.scrollTop = el.scrollHeight;
    }
    v.first = first;
    // A room shorter than the screen cannot be scrolled up: ask for older lines now.
    if (el.scrollHeight <= el.clientHeight + 4 && room.hasOlder) {
      client.loadOlder(room);
    }
  });

  const onScroll = () => {
    const el = scroller.current;
    const v = view.current;
    v.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    v.fromBottom = el.scrollHeight - el.scrollTop;
    if (el.scrollTop < 200) {
      client.loadOlder(room);
    }
  };

  const newLineIndex = room.newAfter === null ? -1
    : room.messages.findIndex(m => m.ts > room.newAfter && !m.self && (m.kind === 'privmsg' || m.kind === 'action' || m.kind === 'notice'));

  // One flat, keyed list (nested arrays would be matched by position, and lines loaded above
  // would be drawn below).
  const lines = [];
  room.messages.forEach((m, i) => {
    if (i === newLineIndex) {
      lines.push(<li key="new-line" class="new-line" data-testid="new-messages-line"><span>New messages</span></li>);
    }
    lines.push(<Line key={m.key} client={client} m={m} />);
  });

  return (
    <div class="messages" ref={scroller} onScroll={onScroll} data-testid="message-scroll">
      {room.kind !== 'server' && room.hasOlder && (
        <button type="button" class="load-older" data-testid="load-older" disabled={room.pending.length > 0}
          onClick={() => client.loadOlder(room)}>
          {room.pending.length > 0 ? 'Loading…' : 'Load older messages'}
        </button>
      )}
      <ol class="message-list" data-testid="message-list">
        {lines}
      </ol>
    </div>
  );
}

function Line({ client, m }) {
  const time = timeFormat.format(m.ts);
  const sender = m.from && (m.kind === 'privmsg' || m.kind === 'action' || m.kind === 'notice') && (
    <button type="button" class="sender" data-testid="message-sender" onClick={() => openQuery(client, m.from)}
      title={`Talk to ${m.from} privately`}>{m.from}</button>
  );
  return (
    <li class={`line kind-${m.kind}${m.mention ? ' mention' : ''}${m.self ? ' self' : ''}`} data-testid="message"
      data-kind={m.kind} data-msgid={m.msgid} data-mention={m.mention ? 'true' : undefined}>
      <time dateTime={m.time} title={m.time}>{time}</time>
      {m.kind === 'action' ? <span class="star">*</span> : null}
      {sender}
      {m.kind === 'notice' && m.from ? <span class="notice-mark">(notice)</span> : null}
      <span class="text" data-testid="message-text"><FormattedText text={m.text} links /></span>
    </li>
  );
}
