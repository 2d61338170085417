// Decap starts on its own unless told otherwise; admin.js first registers the Pelican format.
window.CMS_MANUAL_INIT = true;
