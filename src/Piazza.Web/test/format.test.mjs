import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cssColour, findLinks, parseFormatting, stripFormatting } from '../src/irc/format.js';

test('bold, colour and reset become runs', () => {
  const runs = parseFormatting('a\x02b\x0304,12c\x0Fd');
  assert.deepEqual(runs, [
    { text: 'a' },
    { bold: true, text: 'b' },
    { bold: true, fg: 4, bg: 12, text: 'c' },
    { text: 'd' },
  ]);
});

test('a colour code without digits ends the colour; digits after two are text', () => {
  assert.deepEqual(parseFormatting('\x0304red\x03plain'), [{ fg: 4, text: 'red' }, { text: 'plain' }]);
  assert.deepEqual(parseFormatting('\x03123'), [{ fg: 12, text: '3' }]);
  assert.equal(cssColour(99), null);
});

test('markup stays text; CTCP and controls are dropped', () => {
  assert.equal(stripFormatting('\x01ACTION <b>x</b>\x01'), 'ACTION <b>x</b>');
});

test('links are http and https only, without trailing punctuation', () => {
  assert.deepEqual(findLinks('see https://example.org/a. and javascript:alert(1)'), [
    { text: 'see ' },
    { text: 'https://example.org/a', href: 'https://example.org/a' },
    { text: '. and javascript:alert(1)' },
  ]);
  assert.deepEqual(findLinks('(http://x.org/wiki/A_(b))'), [
    { text: '(' },
    { text: 'http://x.org/wiki/A_(b))', href: 'http://x.org/wiki/A_(b))' },
  ]);
});

import { parsePrefix, prefixChanges, sortSymbols } from '../src/irc/modes.js';

test('MODE prefix changes skip other modes\' parameters', () => {
  const prefix = parsePrefix('(ov)@+');
  assert.deepEqual(prefixChanges('+kov-l', ['key', 'alice', 'bob'], prefix, 'Ibe,k,l,Cimnst'), [
    { nick: 'alice', symbol: '@', add: true },
    { nick: 'bob', symbol: '+', add: true },
  ]);
  assert.deepEqual(prefixChanges('-o+b', ['alice', '*!*@x'], prefix), [{ nick: 'alice', symbol: '@', add: false }]);
  assert.equal(sortSymbols('+@', prefix), '@+');
});
