/** `@salesforce/i18n/timeZone`: the signed-in user's time zone (TimeZoneSidKey). */
import { session } from './session';

export default session().user.timeZone;
