// Screens of the app. Hash history: the same URLs work under app:// (Electron) and http (browser
// mode) without server-side routes, and the ?token= query of browser mode stays untouched.
import { createRouter, createWebHashHistory } from 'vue-router';
import HomeView from './views/HomeView.vue';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'home', component: HomeView },
    // ?import=1 opens the import dialog
    { path: '/datasets', name: 'datasets', component: () => import('./views/DatasetsView.vue') },
    { path: '/datasets/:id', name: 'dataset', component: () => import('./views/DatasetView.vue') },
    // ?dataset=<id> preselects a dataset, ?clone=<runId> fills the form from a past run
    { path: '/new', name: 'new-run', component: () => import('./views/NewRunView.vue') },
    { path: '/runs', name: 'runs', component: () => import('./views/RunsView.vue') },
    { path: '/runs/:id', name: 'run', component: () => import('./views/RunView.vue') },
    // ?ids=a,b,c
    { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue') },
    { path: '/queue', name: 'queue', component: () => import('./views/QueueView.vue') },
    { path: '/system', name: 'system', component: () => import('./views/SystemView.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

// A screen's code is loaded when first opened. If the app was rebuilt or updated since this page
// loaded, the old chunk names are gone: load the new app at the wanted screen (once).
router.onError((error, to) => {
  const stale = /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(String((error as Error)?.message ?? error));
  const key = `distill-studio.reloaded:${to.fullPath}`;
  if (!stale || sessionStorage.getItem(key)) return;
  sessionStorage.setItem(key, '1');
  window.location.assign(`${window.location.pathname}${window.location.search}#${to.fullPath}`);
  window.location.reload();
});
router.afterEach((to) => sessionStorage.removeItem(`distill-studio.reloaded:${to.fullPath}`));

/** Once the first screen is up and the browser is idle, load the other screens' code too, so
 *  opening them later does not wait for a download and a compile. */
export function prefetchScreens(): void {
  const load = () => {
    void import('./views/RunsView.vue');
    void import('./views/RunView.vue');
    void import('./views/CompareView.vue');
    void import('./views/NewRunView.vue');
    void import('./views/QueueView.vue');
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1500);
}
