"""The démarche folder's identity card: ``demarche.yaml`` read and validated."""
