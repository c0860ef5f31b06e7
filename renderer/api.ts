// The one place the UI gets its SealmailApi: the Electron preload's window.sealmail, else the browser target's WebSocket.
import type { SealmailApi } from '../app/contract/index.js';
import { connectWebSocketApi } from './runtime/websocket-api.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser target. */
    sealmail?: SealmailApi;
  }
}

export async function loadApi(): Promise<SealmailApi> {
  return window.sealmail ?? (await connectWebSocketApi());
}
