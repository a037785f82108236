// The page's entry point: one Client, rendered by App.
import { render } from 'preact';
import { Client } from './client.js';
import { App } from './ui/App.jsx';
import './style.css';

const client = new Client();
render(<App client={client} />, document.getElementById('app'));
