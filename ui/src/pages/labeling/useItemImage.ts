// A task's image: the item route wants the bearer token, so an <img src> cannot fetch it; the bytes are
// fetched with the token and shown through an object URL, revoked when the task changes.
import { useEffect, useState } from 'react';
import { useAuthorizedFetch } from '../../lib/graphql';

export type ItemImage = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; url: string };

export function useItemImage(itemUrl: string | null | undefined): ItemImage {
  const authorizedFetch = useAuthorizedFetch();
  const [image, setImage] = useState<ItemImage>({ state: 'loading' });
  useEffect(() => {
    if (!itemUrl) {
      setImage({ state: 'error', error: 'no image for this task' });
      return;
    }
    let objectUrl: string | null = null;
    let cancelled = false;
    setImage({ state: 'loading' });
    authorizedFetch(itemUrl)
      .then(async (res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
        const blob = await res.blob();
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setImage({ state: 'ready', url: objectUrl });
      })
      .catch((e: unknown) => {
        if (!cancelled) setImage({ state: 'error', error: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // authorizedFetch is a new function each render; the token it carries does not change the bytes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [itemUrl]);
  return image;
}
