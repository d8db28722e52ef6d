from django.urls import path

from .views import skor

urlpatterns = [
    path("skor/", skor.skor_list_view, name="skor_list"),
    path("skor/<int:pk>/", skor.skor_detail_view, name="skor_detail"),
]
