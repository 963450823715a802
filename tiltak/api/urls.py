from django.urls import path

from tiltak.api.api import api

# No app_name: the API's own namespace («v1») must be top-level for django-ninja to find its OpenAPI root.
urlpatterns = [path("v1/", api.urls)]
