// Light / dark theme: the user's choice (or the system's) becomes `data-theme` on <html>, which
// the CSS tokens follow. Charts read colours from CSS variables, so they redraw when it changes:
// the shell provides the effective theme and charts inject it.
import { computed, inject, onBeforeUnmount, provide, ref, watchEffect, type ComputedRef, type InjectionKey } from 'vue';
import { useSettingsStore } from '../stores/settings';

export type EffectiveTheme = 'light' | 'dark';
const THEME_KEY: InjectionKey<ComputedRef<EffectiveTheme>> = Symbol('theme');

/** In the app shell: apply the theme and provide it to charts. */
export function provideTheme(): ComputedRef<EffectiveTheme> {
  const settings = useSettingsStore();
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const systemDark = ref(media.matches);
  const onChange = (e: MediaQueryListEvent) => (systemDark.value = e.matches);
  media.addEventListener('change', onChange);
  onBeforeUnmount(() => media.removeEventListener('change', onChange));
  const effective = computed<EffectiveTheme>(() => (settings.theme === 'system' ? (systemDark.value ? 'dark' : 'light') : settings.theme));
  watchEffect(() => {
    document.documentElement.dataset.theme = effective.value;
  });
  provide(THEME_KEY, effective);
  return effective;
}

/** In a chart: the effective theme (light when nothing provides one, e.g. in a test mount). */
export function useTheme(): ComputedRef<EffectiveTheme> {
  return inject(
    THEME_KEY,
    computed(() => 'light' as const),
  );
}

export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
