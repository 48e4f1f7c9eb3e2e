// deployment workflows: deterministic, no I/O (lint-enforced); activities imported as types only.
export {};
