"""Where uploaded media live: local files under MEDIA_ROOT by default, an S3 bucket when
``AWS_STORAGE_BUCKET_NAME`` is set (django-storages + boto3).

The settings read this module once; it returns plain values so that a test can build the same
configuration from its own environment. Credentials are never settings here: boto3 finds
``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` (or ``AWS_S3_ACCESS_KEY_ID``/…, or an instance
role) in the environment itself.
"""
S3_BACKEND = "marketplace.media.backends.S3MediaStorage"  # django-storages S3, Thai names kept
LOCAL_BACKEND = "marketplace.media.backends.LocalMediaStorage"  # local files under MEDIA_ROOT

# environment variable -> how to read it; the setting has the same name.
_S3_VARIABLES = {
    "AWS_STORAGE_BUCKET_NAME": str,
    "AWS_S3_ENDPOINT_URL": str,  # another S3-compatible service (MinIO, moto in tests)
    "AWS_S3_REGION_NAME": str,
    "AWS_S3_ADDRESSING_STYLE": str,  # "path" or "virtual"
    "AWS_S3_CUSTOM_DOMAIN": str,  # a CDN in front of the bucket; URLs are then unsigned
    "AWS_LOCATION": str,  # a folder inside the bucket
}


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def uses_s3(environ) -> bool:
    return bool(environ.get("AWS_STORAGE_BUCKET_NAME", "").strip())


def default_storage_config(environ) -> dict:
    """The ``STORAGES["default"]`` entry for this environment."""
    return {"BACKEND": S3_BACKEND if uses_s3(environ) else LOCAL_BACKEND}


def s3_settings(environ) -> dict:
    """The ``AWS_*`` settings django-storages reads, from the environment; empty without a bucket.

    They are settings rather than ``OPTIONS`` because sorl-thumbnail (Oscar's thumbnailer)
    creates its own ``S3Storage()`` without options: both must see the same bucket.
    """
    if not uses_s3(environ):
        return {}
    values = {name: read(environ[name].strip()) for name, read in _S3_VARIABLES.items()
              if environ.get(name, "").strip()}
    # Private bucket, signed URLs that expire, unless the deployment says otherwise.
    values["AWS_QUERYSTRING_AUTH"] = _bool(environ.get("AWS_QUERYSTRING_AUTH", "true"))
    values["AWS_QUERYSTRING_EXPIRE"] = int(environ.get("AWS_QUERYSTRING_EXPIRE", "3600"))
    values["AWS_S3_FILE_OVERWRITE"] = False  # two photos called รูป.jpg must not replace each other
    if environ.get("AWS_DEFAULT_ACL", "").strip():
        values["AWS_DEFAULT_ACL"] = environ["AWS_DEFAULT_ACL"].strip()  # e.g. public-read with unsigned URLs
    return values
