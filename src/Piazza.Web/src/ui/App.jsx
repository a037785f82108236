// Chooses the screen: the join form until the server has welcomed us, then the chat.
import { useEffect, useState } from 'preact/hooks';
import { JoinScreen } from './JoinScreen.jsx';
import { ChatScreen } from './ChatScreen.jsx';

export function App({ client }) {
  const [, setVersion] = useState(0);
  useEffect(() => client.subscribe(() => setVersion(v => v + 1)), [client]);
  useEffect(() => {
    // Coming back to the tab reads the shown room.
    const onVisible = () => {
      if (document.visibilityState === 'visible') {
        client.becameVisible();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [client]);
  const inChat = client._everRegistered && client.state !== 'idle';
  const unread = inChat ? client.unreadElsewhere() : 0;
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Piazza` : 'Piazza';
  }, [unread]);
  return inChat ? <ChatScreen client={client} /> : <JoinScreen client={client} />;
}
