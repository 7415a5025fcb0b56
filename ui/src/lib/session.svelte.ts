// Who is working: shared by the views (the editor's buttons depend on the role).
import { backend, type Session } from './backend';

export const session = $state<{ current: Session | null }>({ current: null });

export async function loadSession(): Promise<Session> {
  const s = await backend.session();
  session.current = s;
  return s;
}

export function setSession(s: Session): void {
  session.current = s;
}
