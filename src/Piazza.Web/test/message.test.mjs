import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeTag, formatLine, nickOf, parseLine, splitText, unescapeTag } from '../src/irc/message.js';

test('parses tags, source, command, params and trailing', () => {
  const m = parseLine('@time=2026-12-07T01:00:00.000Z;msgid=abc;bot :alice!~a@host PRIVMSG #lobby :hello there');
  assert.deepEqual(m, {
    tags: { time: '2026-12-07T01:00:00.000Z', msgid: 'abc', bot: '' },
    source: 'alice!~a@host',
    command: 'PRIVMSG',
    params: ['#lobby', 'hello there'],
  });
  assert.equal(nickOf(m.source), 'alice');
});

test('parses numerics, empty trailing and extra spaces', () => {
  assert.deepEqual(parseLine(':srv 001  bob :').params, ['bob', '']);
  assert.deepEqual(parseLine('PING :x y').params, ['x y']);
  assert.equal(parseLine('ping').command, 'PING');
  assert.deepEqual(parseLine(':srv 353 me = #c :@a +b c').params, ['me', '=', '#c', '@a +b c']);
});

test('bad lines give null, never throw', () => {
  for (const line of ['', '@tags-only', ':source-only', '   ', null, undefined, 42]) {
    assert.equal(parseLine(line), null);
  }
});

test('tag values round-trip through escaping', () => {
  const value = 'a;b c\\d\r\ne';
  assert.equal(unescapeTag(escapeTag(value)), value);
  assert.equal(unescapeTag('x\\'), 'x');
  assert.equal(unescapeTag('\\b'), 'b');
  assert.equal(parseLine('@+draft/reply=a\\sb\\:c TAGMSG #x').tags['+draft/reply'], 'a b;c');
});

test('formats lines with a trailing parameter when needed', () => {
  assert.equal(formatLine('PRIVMSG', ['#lobby', 'hi there']), 'PRIVMSG #lobby :hi there');
  assert.equal(formatLine('PRIVMSG', ['#lobby', ':)']), 'PRIVMSG #lobby ::)');
  assert.equal(formatLine('JOIN', ['#lobby']), 'JOIN #lobby');
  assert.equal(formatLine('TOPIC', ['#x', '']), 'TOPIC #x :');
  assert.equal(formatLine('TAGMSG', ['#x'], { '+typing': 'active' }), '@+typing=active TAGMSG #x');
});

test('CR, LF and NUL cannot inject a second command', () => {
  const line = formatLine('PRIVMSG', ['#lobby', 'hi\r\nQUIT :bye']);
  assert.ok(!/[\r\n]/.test(line));
  assert.equal(parseLine(line).command, 'PRIVMSG');
});

test('parse of a formatted line gives the same params', () => {
  const params = ['#chan', 'some text: with colon'];
  assert.deepEqual(parseLine(formatLine('PRIVMSG', params)).params, params);
});

test('long text is split at spaces or whole characters within the byte limit', () => {
  const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
  const pieces = splitText(words, 100);
  assert.ok(pieces.length > 1);
  assert.equal(pieces.join(' '), words);
  for (const piece of pieces) {
    assert.ok(new TextEncoder().encode(piece).length <= 100);
  }
  const emoji = '😀'.repeat(60); // 4 bytes each, no spaces
  const cut = splitText(emoji, 50);
  assert.equal(cut.join(''), emoji);
  assert.ok(cut.every(p => new TextEncoder().encode(p).length <= 50 && !p.includes('\uFFFD')));
  assert.deepEqual(splitText('short', 100), ['short']);
});
