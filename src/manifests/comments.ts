import type { CST } from 'yaml';
import { MARKER_TOKEN } from './screen.js';

export interface CommentToken {
  offset: number;
  /** The comment as written, `#` included, line break excluded. */
  source: string;
}

/**
 * Every comment token holding the marker token, in source order. Comments sit at many depths of the
 * CST (document starts, item starts, scalar ends, block scalar headers), so the whole tree is walked;
 * text inside block scalars or quoted strings is never a comment token, so it can never be a marker.
 * The walk follows the CST's shape per token type (an explicit stack, so deep nesting cannot overflow).
 */
export function markerComments(tokens: readonly CST.Token[]): CommentToken[] {
  const found: CommentToken[] = [];
  const collect = (list: readonly CST.SourceToken[] | undefined) => {
    if (list) for (const token of list) if (token.type === 'comment') collectComment(token, found);
  };
  const stack: CST.Token[] = [...tokens];
  const pushItem = (item: CST.CollectionItem) => {
    collect(item.start);
    collect(item.sep);
    if (item.key) stack.push(item.key);
    if (item.value) stack.push(item.value);
  };
  while (stack.length > 0) {
    const token = stack.pop() as CST.Token;
    switch (token.type) {
      case 'comment':
        collectComment(token, found);
        break;
      case 'document':
        collect(token.start);
        collect(token.end);
        if (token.value) stack.push(token.value);
        break;
      case 'doc-end':
      case 'alias':
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        collect(token.end);
        break;
      case 'block-scalar':
        stack.push(...token.props);
        break;
      case 'block-map':
      case 'block-seq':
        token.items.forEach(pushItem);
        break;
      case 'flow-collection':
        token.items.forEach(pushItem);
        collect(token.end);
        break;
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function collectComment(token: CST.SourceToken, found: CommentToken[]): void {
  if (token.source.includes(MARKER_TOKEN)) found.push({ offset: token.offset, source: token.source });
}
