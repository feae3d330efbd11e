// Rich text for the page body: only what the sanitizer keeps (pages/sanitize.py).
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
  Editor,
  Gapcursor,
  HardBreak,
  Heading,
  History,
  Italic,
  Link,
  ListItem,
  Menu,
  OrderedList,
  Paragraph,
  Text,
  initializeEditors,
} from "../django_prose_editor/editor.js";

// As the package's createTextareaEditor, but without Tiptap's injected <style>
// element (the strict CSP refuses it; static/css/page-editor.css has those rules).
function createEditor(textarea, extensions) {
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new Editor({
    element: wrapper,
    injectCSS: false,
    extensions,
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
}

initializeEditors(
  (textarea) =>
    createEditor(textarea, [
      Document,
      Paragraph,
      Text,
      HardBreak,
      History,
      Dropcursor,
      Gapcursor,
      Menu,
      Heading.configure({ levels: [2, 3] }),
      Bold,
      Italic,
      BulletList,
      OrderedList,
      ListItem,
      Link,
      Blockquote,
    ]),
  "[data-page-editor]",
);
