// Rich text for the page body: only what the sanitizer keeps (pages/sanitize.py).
import {
  Blockquote,
  Bold,
  BulletList,
  Document,
  Dropcursor,
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
  createTextareaEditor,
  initializeEditors,
} from "../django_prose_editor/editor.js";

initializeEditors(
  (textarea) =>
    createTextareaEditor(textarea, [
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
