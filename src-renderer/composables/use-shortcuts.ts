// Keyboard shortcuts of the shell: "/" focuses the page's search box, "g" then a letter goes to a
// screen (h home, d datasets, n new run, r runs, c compare, q queue, s system), "?" lists them. Ignored
// while typing in a field.
import { onBeforeUnmount, onMounted, ref } from 'vue';
import { useRouter } from 'vue-router';

const GOTO: Record<string, string> = { h: '/', d: '/datasets', n: '/new', r: '/runs', c: '/compare', q: '/queue', s: '/system' };

export function useShortcuts() {
  const router = useRouter();
  const helpOpen = ref(false);
  let pendingG = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function typing(target: EventTarget | null): boolean {
    const el = target as HTMLElement | null;
    return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
  }

  function onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (pendingG) {
      pendingG = false;
      const to = GOTO[e.key];
      if (to) {
        e.preventDefault();
        void router.push(to);
      }
      return;
    }
    if (e.key === 'g') {
      pendingG = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => (pendingG = false), 1200);
    } else if (e.key === '/') {
      const search = document.querySelector<HTMLInputElement>('[data-shortcut="search"]');
      if (search) {
        e.preventDefault();
        search.focus();
      }
    } else if (e.key === '?') {
      helpOpen.value = !helpOpen.value;
    } else if (e.key === 'Escape') {
      helpOpen.value = false;
    }
  }

  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
  return { helpOpen };
}
