// magcoach: a little plain JavaScript for the live parts. Every form works without it.
"use strict";
document.documentElement.classList.add("js");
