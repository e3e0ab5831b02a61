"""The partner API: its shapes (serializers.py), the conversion to and from the
form's sections (convert.py), and the views (views.py)."""
