// The task's image, fetched with the token (useItemImage); children draw over it (boxes).
import { Alert, Box, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../../lib/i18n';
import { m } from './messages';
import { useItemImage } from './useItemImage';

export function ItemImageView({
  itemUrl,
  item,
  children,
}: {
  itemUrl: string | null;
  item: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const image = useItemImage(itemUrl);
  if (image.state === 'loading') return <Loader role="status" aria-label={t(m.imageLoading)} />;
  if (image.state === 'error')
    return (
      <Alert color="red" role="alert">
        {t(m.imageFailed, { error: image.error })}
      </Alert>
    );
  return (
    // The wrapper is exactly the image's box (the image fills its width), so an overlay covering the
    // wrapper covers the image and relative coordinates are the image's. Small images are scaled up to
    // the wrapper's width, so a 200-pixel image can still be annotated precisely.
    <Box pos="relative" w="100%" maw={800} style={{ lineHeight: 0, alignSelf: 'flex-start' }}>
      <img
        src={image.url}
        alt={t(m.image, { item })}
        data-testid="task-image"
        style={{ width: '100%', height: 'auto', display: 'block', userSelect: 'none' }}
        draggable={false}
      />
      {children}
    </Box>
  );
}
