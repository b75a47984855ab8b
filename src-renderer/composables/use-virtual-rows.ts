// The scrolling and keyboard side of a virtual table (components/runs/HistoryTable.vue): which
// rows are in view (plus a margin), the pages they need, the active row kept in view, and
// ↑/↓/PageUp/PageDown/Home/End to move, Enter to open, Space to select. Scroll reads wait for
// the next animation frame; the viewport height follows the scroller's size.
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { pagesFor, visibleRows } from '../lib/tables/virtual-rows';

export interface VirtualRowsSource<Row extends { id: string }> {
  total: () => number;
  rowAt: (i: number) => Row | null;
  /** Bumped when rows arrive, so the visible slice is read again. */
  revision: () => number;
  pageSize: () => number;
  /** Row height in pixels, and the header's, which covers the top of the viewport. */
  rowHeight: number;
  headerHeight: number;
  onPages: (pages: number[]) => void;
  onOpen: (id: string) => void;
  onToggle: (id: string) => void;
}

export function useVirtualRows<Row extends { id: string }>(src: VirtualRowsSource<Row>) {
  const ROW = src.rowHeight;
  const scroller = ref<HTMLElement | null>(null);
  const scrollTop = ref(0);
  const viewport = ref(600);
  const active = ref(0);
  let frame = 0;
  let observer: ResizeObserver | null = null;

  const win = computed(() => visibleRows({ scrollTop: scrollTop.value, viewportHeight: viewport.value, rowHeight: ROW, total: src.total(), overscan: 8 }));
  const rows = computed(() => {
    void src.revision();
    const out: { index: number; row: Row | null }[] = [];
    for (let i = win.value.start; i < win.value.end; i++) out.push({ index: i, row: src.rowAt(i) });
    return out;
  });

  watch([win, src.total], () => src.onPages(pagesFor(win.value.start, win.value.end, src.pageSize())), { immediate: true });

  function onScroll(): void {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      scrollTop.value = scroller.value?.scrollTop ?? 0;
    });
  }

  onMounted(() => {
    if (!scroller.value) return;
    viewport.value = scroller.value.clientHeight;
    observer = new ResizeObserver(() => (viewport.value = scroller.value?.clientHeight ?? viewport.value));
    observer.observe(scroller.value);
  });
  onBeforeUnmount(() => {
    observer?.disconnect();
    if (frame) cancelAnimationFrame(frame);
  });

  function focusRow(i: number): void {
    active.value = Math.max(0, Math.min(src.total() - 1, i));
    const el = scroller.value;
    if (!el) return;
    const top = active.value * ROW;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW > el.scrollTop + el.clientHeight - src.headerHeight) el.scrollTop = top + ROW - el.clientHeight + src.headerHeight;
  }

  function onKey(e: KeyboardEvent): void {
    if (src.total() === 0) return;
    const row = src.rowAt(active.value);
    if (e.key === 'ArrowDown') focusRow(active.value + 1);
    else if (e.key === 'ArrowUp') focusRow(active.value - 1);
    else if (e.key === 'PageDown') focusRow(active.value + Math.floor(viewport.value / ROW));
    else if (e.key === 'PageUp') focusRow(active.value - Math.floor(viewport.value / ROW));
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(src.total() - 1);
    else if (e.key === 'Enter' && row) src.onOpen(row.id);
    else if (e.key === ' ' && row) src.onToggle(row.id);
    else return;
    e.preventDefault();
  }

  return { scroller, win, rows, active, onScroll, onKey };
}
