import { LightningElement } from 'lwc';

/** A dialog with native controls in both slots, to test the modal's focus trap (test only). */
export default class ModalHarness extends LightningElement {
  closed = 0;

  handleClose() {
    this.closed += 1;
  }
}
