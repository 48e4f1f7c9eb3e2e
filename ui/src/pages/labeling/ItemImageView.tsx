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
    // The image sets the size; the overlay (if any) covers it exactly, so relative coordinates are the image's.
    <Box pos="relative" display="inline-block" style={{ lineHeight: 0, maxWidth: '100%' }}>
      <img
        src={image.url}
        alt={t(m.image, { item })}
        data-testid="task-image"
        style={{ maxWidth: '100%', maxHeight: '70vh', display: 'block', userSelect: 'none' }}
        draggable={false}
      />
      {children}
    </Box>
  );
}
