import { lazy, Suspense, useEffect } from 'react';
import { ListPage } from './ListPage';
import { matchRoute, usePathname } from './router';

// The editor is split off: the list never loads it. EditorRoute (the Yjs session, small) opens
// the connection first and then loads ReviewEditor (TipTap and the schema, large), so syncing
// and the big chunk's download and evaluation overlap.
const EditorRoute = lazy(() => import('./editor/EditorRoute'));

export function App() {
  const route = matchRoute(usePathname());

  useEffect(() => {
    if (route.name === 'list') document.title = 'Reviews · Ratify';
    if (route.name === 'not-found') document.title = 'Not found · Ratify';
  }, [route.name]);

  if (route.name === 'doc') {
    return (
      <Suspense fallback={<Loading />}>
        <EditorRoute key={route.id} docId={route.id} />
      </Suspense>
    );
  }
  if (route.name === 'list') return <ListPage />;
  return (
    <main className="page page--narrow">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to all reviews</a>
      </p>
    </main>
  );
}

function Loading() {
  return (
    <main className="page page--narrow" aria-busy="true">
      <p className="muted">Loading the editor…</p>
    </main>
  );
}
