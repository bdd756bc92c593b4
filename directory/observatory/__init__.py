"""Mozilla's HTTP Observatory (npm's ``@mdn/mdn-http-observatory``, pinned in package.json)
on the site as deployed: behind ``manage.py observatory``."""
