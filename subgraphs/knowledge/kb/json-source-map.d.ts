// json-source-map ships no type declarations: the part the knowledge-base validator uses, as its source defines it.
declare module 'json-source-map' {
  interface Position {
    line: number;
    column: number;
    pos: number;
  }
  interface Mapping {
    key?: Position;
    keyEnd?: Position;
    value: Position;
    valueEnd: Position;
  }
  export function parse(text: string): { data: unknown; pointers: Record<string, Mapping> };
  const jsonMap: { parse: typeof parse };
  export default jsonMap;
}
