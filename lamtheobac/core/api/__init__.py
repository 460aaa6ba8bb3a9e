"""What every resource of the API shares, below the domain apps: input schemas
and pagination (`common`), the one error shape (`errors`), and the routers of
core's own objects. The NinjaAPI instance that mounts every router is
`lamtheobac.api`, the top layer."""
