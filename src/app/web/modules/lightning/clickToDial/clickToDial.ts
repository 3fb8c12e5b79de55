import { LightningElement, api } from 'lwc';

/**
 * lightning-click-to-dial, which the npm lightning-base-components lacks: the number as a `tel:`
 * link. Clicking it fires `clicktodial` ({ recordId, value }) as softphone integrations expect.
 */
export default class ClickToDial extends LightningElement {
  @api value = '';
  @api recordId = '';
  @api params = '';

  get href() {
    return `tel:${String(this.value ?? '').replace(/[^+\d]/g, '')}`;
  }

  handleClick(event: Event) {
    event.preventDefault();
    this.dispatchEvent(
      new CustomEvent('clicktodial', {
        bubbles: true,
        composed: true,
        detail: { recordId: this.recordId, value: this.value }
      })
    );
  }
}
