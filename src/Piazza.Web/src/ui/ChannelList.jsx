// The answer to LIST: every room, its people and topic; a click joins.
import { FormattedText } from './FormattedText.jsx';

export function ChannelList({ client }) {
  const list = client.channelList;
  const join = name => {
    client.showChannelList = false;
    client.openChannel(name);
    client.changed();
  };
  return (
    <section class="channel-list" data-testid="channel-list">
      <header>
        <h2>Rooms</h2>
        <button type="button" onClick={() => { client.showChannelList = false; client.changed(); }}>Close</button>
      </header>
      {list === null ? <p>Loading…</p> : list.length === 0 ? <p>No rooms.</p> : (
        <ul>
          {list.map(entry => (
            <li key={entry.name}>
              <button type="button" data-testid="channel-list-item" data-room={entry.name} onClick={() => join(entry.name)}>
                <strong>{entry.name}</strong> <span class="users">{entry.users}</span>
                <span class="list-topic"><FormattedText text={entry.topic} /></span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
