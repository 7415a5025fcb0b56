// The newsroom server as the window knows it: the last state the background sync reported, and
// a counter the views watch to reload what they show when a sync brought something.
import { backend, type Moved, type ServerState } from './backend';

export const server = $state<{ current: ServerState | null; changes: number; moved: Moved[] }>({
  current: null,
  changes: 0,
  moved: [],
});

export function setServer(s: ServerState): void {
  server.current = s;
  if (s.moved.length > 0) server.moved = s.moved;
  if (s.received > 0 || s.moved.length > 0) server.changes += 1;
}

export async function loadServer(): Promise<ServerState> {
  const s = await backend.serverState();
  server.current = s;
  return s;
}
