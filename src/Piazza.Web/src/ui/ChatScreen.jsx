// The chat: header (state, nick), room list (a drawer on phones), messages, composer, members.
import { useEffect, useState } from 'preact/hooks';
import { RoomList } from './RoomList.jsx';
import { MessageList } from './MessageList.jsx';
import { MemberList } from './MemberList.jsx';
import { Composer } from './Composer.jsx';
import { ChannelList } from './ChannelList.jsx';
import { FormattedText } from './FormattedText.jsx';
import { SERVER } from '../room.js';
import { hostOf } from '../client.js';

const STATE_TEXT = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
};

export function ChatScreen({ client }) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  const room = client.activeRoom();

  useEffect(() => {
    // Alt+1..9 shows the n-th room of the list.
    const onKey = event => {
      // event.code, not event.key: on a Mac, Alt+1 types '¡'.
      const digit = /^Digit([1-9])$/.exec(event.code);
      if (event.altKey && !event.ctrlKey && !event.metaKey && digit) {
        const keys = orderedRooms(client).map(r => client.key(r.name));
        const key = keys[Number(digit[1]) - 1];
        if (key) {
          event.preventDefault();
          client.switchTo(key);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);

  const askNotifications = async () => {
    setPermission(await Notification.requestPermission());
  };

  const state = client.ws && client.state === 'reconnecting' ? 'connecting' : client.state;
  return (
    <div class={`chat${drawerOpen ? ' drawer-open' : ''}`}>
      <header class="bar">
        <button type="button" class="drawer-toggle" data-testid="drawer-toggle" aria-label="Rooms"
          aria-expanded={drawerOpen} onClick={() => setDrawerOpen(!drawerOpen)}>☰</button>
        <span class="room-title">{room.kind === 'server' ? 'Piazza' : room.name}</span>
        <span class={`state state-${state}`} data-testid="connection-state" data-state={state} role="status"
          data-server={hostOf(client.server)} title={`Server: ${hostOf(client.server)}`}>
          {STATE_TEXT[state] ?? state}
          {client.state === 'reconnecting' && !client.ws && (
            <button type="button" class="link" onClick={() => client.retryNow()}>retry now</button>
          )}
        </span>
        <span class="self-nick" data-testid="self-nick" title={client.account ? `logged in as ${client.account}` : 'guest'}>{client.nick}</span>
        {permission === 'default' && (
          <button type="button" class="notify" data-testid="notify-enable" onClick={askNotifications}
            title="Be told of mentions and private messages while this tab is hidden">Enable notifications</button>
        )}
        <button type="button" class="leave" data-testid="disconnect" onClick={() => client.quit()}>Leave</button>
      </header>
      <RoomList client={client} rooms={orderedRooms(client)} open={drawerOpen} onPick={() => setDrawerOpen(false)} />
      <div class="scrim" onClick={() => setDrawerOpen(false)} />
      <main class="main">
        {room.kind === 'channel' && (
          <div class={`topic-bar${room.topic ? '' : ' empty'}`} data-testid="topic" title={room.topic}>
            {room.topic ? <FormattedText text={room.topic} links /> : 'No topic (set one with /topic)'}
          </div>
        )}
        {client.showChannelList
          ? <ChannelList client={client} />
          : <MessageList client={client} room={room} />}
        <Composer client={client} room={room} />
      </main>
      {room.kind === 'channel' && <MemberList client={client} room={room} />}
    </div>
  );
}

/** The room list's order: channels by name, then private conversations, then the server window. */
export function orderedRooms(client) {
  const rooms = [...client.rooms.values()];
  const byName = (a, b) => a.name.localeCompare(b.name);
  return [
    ...rooms.filter(r => r.kind === 'channel').sort(byName),
    ...rooms.filter(r => r.kind === 'query').sort(byName),
    ...rooms.filter(r => r.kind === 'server' && client.rooms.get(SERVER) === r),
  ];
}
