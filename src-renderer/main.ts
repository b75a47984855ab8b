// Renderer entry: Vue app with Pinia and the router.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import StudioApp from './StudioApp.vue';
import { prefetchScreens, router } from './router';
import './styles/theme.css';

createApp(StudioApp).use(createPinia()).use(router).mount('#app');
void router.isReady().then(prefetchScreens);
