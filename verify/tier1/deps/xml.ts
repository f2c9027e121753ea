export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
  offset: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '');

/**
 * A minimal XML reader for manifests: elements, text, comments, CDATA. DTDs and
 * entities beyond the five predefined ones are ignored, never expanded (no XXE).
 */
export function parseXml(text: string): XmlElement | undefined {
  const root: XmlElement = { name: '#document', children: [], text: '', offset: 0 };
  const stack: XmlElement[] = [root];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1] as XmlElement;
    if (lt === -1) break;
    top.text += decode(text.slice(i, lt));
    if (text.startsWith('<!--', lt)) i = after(text, '-->', lt);
    else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      if (end === -1) return undefined;
      top.text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', lt)) i = after(text, '?>', lt);
    else if (text.startsWith('<!', lt)) i = after(text, '>', lt);
    else {
      const end = text.indexOf('>', lt);
      if (end === -1) return undefined;
      const tag = text.slice(lt + 1, end);
      const name = /^\/?\s*([^\s/>]+)/.exec(tag)?.[1];
      if (!name) return undefined;
      if (tag.startsWith('/')) {
        if (stack.length < 2 || top.name !== name) return undefined;
        stack.pop();
      } else {
        const element: XmlElement = { name, children: [], text: '', offset: lt };
        top.children.push(element);
        if (!tag.endsWith('/')) stack.push(element);
      }
      i = end + 1;
    }
    if (i === -1) return undefined;
  }
  return stack.length === 1 ? root.children[0] : undefined;
}

function after(text: string, close: string, from: number): number {
  const end = text.indexOf(close, from);
  return end === -1 ? -1 : end + close.length;
}

export const child = (el: XmlElement | undefined, name: string) => el?.children.find((c) => c.name === name);
export const childText = (el: XmlElement | undefined, name: string) => child(el, name)?.text.trim();
