// The rooms and private conversations, with unread counts; a field to join a room by name.
import { useState } from 'preact/hooks';

export function RoomList({ client, rooms, open, onPick }) {
  const [name, setName] = useState('');
  const join = event => {
    event.preventDefault();
    const wanted = name.trim().replace(/\s+/g, '');
    if (!wanted) {
      return;
    }
    const channel = client.isChannel(wanted) ? wanted : `#${wanted}`;
    client.openChannel(channel);
    client.showChannelList = false;
    setName('');
    onPick();
  };
  return (
    <nav class="rooms" data-testid="room-list" data-open={String(open)} aria-label="Rooms">
      <ul>
        {rooms.map((room, index) => {
          const key = client.key(room.name);
          const active = key === client.active && !client.showChannelList;
          const unread = active ? 0 : room.unread();
          return (
            <li key={key}>
              <button type="button" class={`room${active ? ' active' : ''}${room.kind === 'query' ? ' query' : ''}`}
                data-testid="room-item" data-room={room.kind === 'server' ? '*' : room.name} data-active={String(active)}
                title={index < 9 ? `Alt+${index + 1}` : undefined}
                onClick={() => { client.showChannelList = false; client.switchTo(key); onPick(); }}>
                <span class="room-name">{room.kind === 'server' ? 'Server' : room.name}</span>
                {unread > 0 && (
                  <span class={`badge${room.mentioned() ? ' mention' : ''}`} data-testid="room-unread"
                    data-mention={String(room.mentioned())}>{unread}</span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      <form class="join-room" onSubmit={join}>
        <input data-testid="room-join-input" placeholder="Join a room…" value={name} maxLength={50}
          aria-label="Join a room by name" onInput={e => setName(e.currentTarget.value)} />
      </form>
      <button type="button" class="browse" data-testid="room-browse"
        onClick={() => { client.showChannelList = true; client.channelList = null; client.send('LIST'); client.changed(); onPick(); }}>
        Browse rooms
      </button>
    </nav>
  );
}
