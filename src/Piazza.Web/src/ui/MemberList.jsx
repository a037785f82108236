// The people in the shown channel: operators first, away ones dimmed; a click opens a conversation.
import { openQuery } from '../commands.js';

export function MemberList({ client, room }) {
  const rank = member => {
    const i = client.prefix.symbols.indexOf(member.prefix[0]);
    return i < 0 ? client.prefix.symbols.length : i;
  };
  const members = [...room.members.values()].sort((a, b) => rank(a) - rank(b) || a.nick.localeCompare(b.nick));
  return (
    <aside class="members" data-testid="member-list" aria-label="Members">
      <h2>{members.length} here</h2>
      <ul>
        {members.map(member => (
          <li key={member.nick}>
            <button type="button" class={`member${member.away ? ' away' : ''}`} data-testid="member"
              data-nick={member.nick} data-prefix={member.prefix.slice(0, 1)} data-away={String(member.away)}
              title={member.away ? `${member.nick} is away` : member.nick} onClick={() => openQuery(client, member.nick)}>
              <span class="prefix">{member.prefix.slice(0, 1)}</span>{member.nick}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
