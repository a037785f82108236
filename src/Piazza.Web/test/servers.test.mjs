import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostOf, serverOrder } from '../src/client.js';

// The servers a page goes round on reconnecting: its own first, then the cluster's other nodes
// (/client.json's webSockets, Http:Nodes) in the listed order from after its own.

test('without nodes the page has its own server only', () => {
  assert.deepEqual(serverOrder('ws://127.0.0.1:8081/ws', []), ['ws://127.0.0.1:8081/ws']);
  assert.deepEqual(serverOrder('ws://127.0.0.1:8081/ws', undefined), ['ws://127.0.0.1:8081/ws']);
  assert.deepEqual(serverOrder('ws://127.0.0.1:8081/ws', 'ws://127.0.0.1:8082/ws'), ['ws://127.0.0.1:8081/ws']);
});

test('the listed nodes follow in order from after the page\'s own', () => {
  const nodes = ['ws://127.0.0.1:8081/ws', 'ws://127.0.0.1:8082/ws', 'ws://127.0.0.1:8083/ws'];
  assert.deepEqual(serverOrder('ws://127.0.0.1:8081/ws', nodes), nodes);
  assert.deepEqual(serverOrder('ws://127.0.0.1:8082/ws', nodes), ['ws://127.0.0.1:8082/ws', 'ws://127.0.0.1:8083/ws', 'ws://127.0.0.1:8081/ws']);
  assert.deepEqual(serverOrder('ws://127.0.0.1:8083/ws', nodes), ['ws://127.0.0.1:8083/ws', 'ws://127.0.0.1:8081/ws', 'ws://127.0.0.1:8082/ws']);
});

test('a page served from elsewhere keeps its own first, then every node', () => {
  assert.deepEqual(
    serverOrder('wss://chat.example.org/ws', ['wss://node1.example.org/ws', 'wss://node2.example.org/ws']),
    ['wss://chat.example.org/ws', 'wss://node1.example.org/ws', 'wss://node2.example.org/ws']);
});

test('entries that are not WebSocket addresses, and repeats, are dropped', () => {
  assert.deepEqual(
    serverOrder('ws://127.0.0.1:8081/ws', ['http://127.0.0.1:8082/', 'not a url', 42, 'ws://127.0.0.1:8083/ws', 'WS://127.0.0.1:8083/ws']),
    ['ws://127.0.0.1:8081/ws', 'ws://127.0.0.1:8083/ws']);
});

test('hosts are named as host:port', () => {
  assert.equal(hostOf('ws://127.0.0.1:8082/ws'), '127.0.0.1:8082');
  assert.equal(hostOf('wss://node2.example.org/ws'), 'node2.example.org');
  assert.equal(hostOf('ws://[::1]:8083/ws'), '[::1]:8083');
});
