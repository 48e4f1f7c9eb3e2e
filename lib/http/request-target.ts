// Origin-form request-targets only (`POST /path HTTP/1.1`). The absolute form (`POST http://host:port/path`)
// is meant for forward proxies, which no Plinth server is; a handler that resolved it against an
// upstream URL sent the request wherever the client chose (issue #12). The asterisk form
// (`OPTIONS *`) is refused too.
import type { NextFunction, Request, Response } from 'express';
import { discardBody } from './body.js';

export function originFormOnly(req: Request, res: Response, next: NextFunction): void {
  if (req.url.startsWith('/') && !req.url.startsWith('//')) return next();
  res.status(400).json({
    errors: [
      {
        message: 'the request-target must be a path (origin-form), not an absolute URL',
        extensions: { code: 'BAD_REQUEST' },
      },
    ],
  });
  discardBody(req, res);
}
