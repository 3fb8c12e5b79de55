/** `@salesforce/user/Id`: the signed-in user of this page. */
import { session } from './session';

export default session().user.id;
