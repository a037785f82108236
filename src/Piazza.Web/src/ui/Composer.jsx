// The line the user types: Enter sends, Shift+Enter is not special (one IRC line), Up recalls the
// last sent lines, Tab completes nicks of the shown room.
import { useRef, useState } from 'preact/hooks';
import { runInput } from '../commands.js';

export function Composer({ client, room }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const sent = useRef([]);
  const recall = useRef(-1);
  const completion = useRef(null);

  const submit = event => {
    event.preventDefault();
    const line = text.replace(/[\r\n]+/g, ' ');
    if (!line.trim()) {
      return;
    }
    const problem = runInput(client, line);
    setError(problem);
    if (!problem) {
      sent.current.push(line);
      if (sent.current.length > 50) {
        sent.current.shift();
      }
      recall.current = -1;
      setText('');
    }
  };

  const onKeyDown = event => {
    const input = event.currentTarget;
    if (event.key === 'Tab' && !event.shiftKey) {
      const caret = input.selectionStart ?? text.length;
      let c = completion.current;
      if (!c || c.text !== text) {
        const start = text.lastIndexOf(' ', caret - 1) + 1;
        const word = text.slice(start, caret);
        const matches = word ? client.completions(word) : [];
        if (matches.length === 0) {
          return;
        }
        c = { start, end: caret, matches, index: -1, before: text.slice(0, start), after: text.slice(caret) };
      }
      event.preventDefault();
      c.index = (c.index + 1) % c.matches.length;
      const suffix = c.before === '' ? ': ' : ' ';
      const next = c.before + c.matches[c.index] + suffix + c.after.replace(/^ /, '');
      c.text = next;
      completion.current = c;
      setText(next);
      const at = (c.before + c.matches[c.index] + suffix).length;
      requestAnimationFrame(() => input.setSelectionRange(at, at));
      return;
    }
    if (event.key === 'ArrowUp' && (text === '' || recall.current >= 0) && sent.current.length > 0) {
      event.preventDefault();
      recall.current = recall.current < 0 ? sent.current.length - 1 : Math.max(0, recall.current - 1);
      setText(sent.current[recall.current]);
      return;
    }
    if (event.key === 'ArrowDown' && recall.current >= 0) {
      event.preventDefault();
      recall.current = recall.current + 1 < sent.current.length ? recall.current + 1 : -1;
      setText(recall.current < 0 ? '' : sent.current[recall.current]);
    }
  };

  const target = room.kind === 'server' ? 'a /command' : `a message to ${room.name}`;
  return (
    <form class="composer" onSubmit={submit}>
      {error && <p class="composer-error" role="alert">{error}</p>}
      <input data-testid="composer" value={text} placeholder={`Type ${target}…`} aria-label="Message"
        autoComplete="off" enterKeyHint="send" maxLength={2000}
        onInput={e => { setText(e.currentTarget.value); recall.current = -1; }} onKeyDown={onKeyDown} />
      <button type="submit" data-testid="composer-send">Send</button>
    </form>
  );
}
