"""What a round produces for others: the printable report and open-data exports."""
