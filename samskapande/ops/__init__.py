"""Running the app: health checks for a load balancer, request logs, backups."""
