import { LightningElement, api } from 'lwc';

/**
 * lightning-input-rich-text, which the npm lightning-base-components lacks: a labelled,
 * content-editable HTML field with the same public API (`label`, `label-visible`, `value`,
 * `disabled`, `placeholder`) and a `change` event with `detail.value` (HTML).
 */
export default class InputRichText extends LightningElement {
  @api label = '';
  @api labelVisible = false;
  @api placeholder = '';
  @api disabled = false;
  @api variant = '';
  private current = '';
  private rendered = '';

  @api
  get value() {
    return this.current;
  }
  set value(html: string) {
    this.current = html ?? '';
  }

  get labelClass() {
    return this.labelVisible ? 'slds-form-element__label' : 'slds-assistive-text';
  }

  get editable() {
    return this.disabled ? 'false' : 'true';
  }

  override renderedCallback() {
    const editor = this.template!.querySelector('[data-editor]') as HTMLElement | null;
    // Write the value only when it came from outside, so typing keeps the caret where it is.
    if (editor && this.current !== this.rendered && editor.innerHTML !== this.current) {
      editor.innerHTML = this.current;
      this.rendered = this.current;
    }
  }

  handleInput(event: Event) {
    const html = (event.target as HTMLElement).innerHTML;
    this.current = html;
    this.rendered = html;
    this.dispatchEvent(new CustomEvent('change', { bubbles: true, composed: true, detail: { value: html } }));
  }
}
