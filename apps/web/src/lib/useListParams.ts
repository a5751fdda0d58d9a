import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export const PAGE_SIZES = [10, 20, 50] as const;

/**
 * Page, page size and filters of a list page, kept in the URL so that reload and back
 * keep them. Changing a filter goes back to page 1.
 */
export function useListParams<K extends string>(filterKeys: readonly K[], defaultPageSize = 20) {
  const [searchParams, setSearchParams] = useSearchParams();
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const sizeParam = Number(searchParams.get('pageSize'));
  const pageSize = (PAGE_SIZES as readonly number[]).includes(sizeParam)
    ? sizeParam
    : defaultPageSize;
  const filterText = filterKeys.map((k) => searchParams.get(k) ?? '').join('\u0000');
  const filters = useMemo(() => {
    const values = filterText.split('\u0000');
    return Object.fromEntries(filterKeys.map((k, i) => [k, values[i] ?? ''])) as Record<K, string>;
  }, [filterKeys, filterText]);

  const update = useCallback(
    (changes: Record<string, string | number | undefined>, resetPage: boolean) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (resetPage) next.delete('page');
          return next;
        },
        { replace: false },
      );
    },
    [setSearchParams],
  );

  return {
    page,
    pageSize,
    filters,
    setPage: (value: number) => update({ page: value > 1 ? value : undefined }, false),
    setPageSize: (value: number) => update({ pageSize: value }, true),
    setFilter: (key: K, value: string) => update({ [key]: value }, true),
    setParams: (changes: Record<string, string | number | undefined>) => update(changes, true),
  };
}
