/**
 * Gives every component test the English values of the custom labels, read from
 * CustomLabels.labels-meta.xml, instead of sfdx-lwc-jest's fallback (the label's name, "c.X").
 * Tests then assert what a rep reads, and a label whose {0} parameters are not filled shows up.
 */
const fs = require('fs');
const path = require('path');

const LABELS_FILE = path.join(__dirname, '../../../labels/CustomLabels.labels-meta.xml');

const decode = (text) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

if (fs.existsSync(LABELS_FILE)) {
  const xml = fs.readFileSync(LABELS_FILE, 'utf8');
  for (const [, block] of xml.matchAll(/<labels>([\s\S]*?)<\/labels>/g)) {
    const name = block.match(/<fullName>([^<]+)<\/fullName>/);
    const value = block.match(/<value>([\s\S]*?)<\/value>/);
    if (name && value) {
      const text = decode(value[1]);
      jest.doMock(`@salesforce/label/c.${name[1]}`, () => ({ __esModule: true, default: text }), { virtual: true });
    }
  }
}
